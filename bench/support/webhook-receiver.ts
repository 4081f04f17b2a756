import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** The fields of a delivered webhook event the benchmarks look at. */
export interface ReceivedEvent {
  event_id: string;
  message_id?: string;
  status?: string;
}

export interface WebhookReceiver {
  port: number;
  /** Every event id received: a second delivery of one is a duplicate. */
  seen: Set<string>;
  stats: { requests: number; events: number; first: number; last: number };
  close(): Promise<void>;
}

/**
 * A customer's webhook endpoint for benchmarks: parses each batch, counts its events, hands them to `onEvents` and
 * answers {"code":0} like an Aliyun-style endpoint.
 */
export async function startWebhookReceiver(
  onEvents: (events: readonly ReceivedEvent[]) => void = () => undefined,
): Promise<WebhookReceiver> {
  const seen = new Set<string>();
  const stats = { requests: 0, events: 0, first: 0, last: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const events = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedEvent[];
      const now = performance.now();
      if (stats.first === 0) stats.first = now;
      stats.last = now;
      stats.requests += 1;
      stats.events += events.length;
      for (const event of events) seen.add(event.event_id);
      onEvents(events);
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"code":0}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    stats,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
