/**
 * The connection dropped while the request was on the wire; the peer may or may not have acted on it,
 * so whether to resend is the caller's decision.
 */
export class ConnectionLostError extends Error {
  constructor(
    readonly session: string,
    reason: string,
  ) {
    super(`${session}: connection lost (${reason})`);
    this.name = 'ConnectionLostError';
  }
}
