/** Live counters per gateway, reported by GET /gateways. */
export class GatewayStats {
  connections = 0;
  /** Most connections open at once since the gateway started (tests check a channel's connection cap with it). */
  peakConnections = 0;
  loginsAccepted = 0;
  loginsRejected = 0;
  submits = 0;
  submitsAccepted = 0;
  submitsRejected = 0;
  connectionsDropped = 0;
  garbageConnectionsClosed = 0;
  reportsSent = 0;
  reportsAcknowledged = 0;
  reportsPending = 0;
  inboundSent = 0;
  keepAlivesSent = 0;
  keepAlivesAnswered = 0;

  connectionOpened(): void {
    this.connections += 1;
    this.peakConnections = Math.max(this.peakConnections, this.connections);
  }

  connectionClosed(): void {
    this.connections -= 1;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(Object.entries(this)) as Record<string, number>;
  }
}
