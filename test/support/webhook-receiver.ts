import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingMessage['headers'];
  body: string;
  events: Array<Record<string, unknown>>;
  receivedAt: number;
}

/** What the receiver does with a request: answer with a status, or hold it until `release()` (a hanging endpoint). */
export type ReceiverAnswer =
  { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang';

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Every request in arrival order (also the ones answered with an error). */
  requests: ReceivedWebhook[];
  /** Events of the requests answered 2xx, in arrival order. */
  delivered(): Array<Record<string, unknown>>;
  answer(decide: (request: ReceivedWebhook, index: number) => ReceiverAnswer): void;
  /** Answers every held request with 200 (or the status given) and stops holding new ones. */
  release(status?: number): void;
  close(): Promise<void>;
}

/** A real HTTP endpoint on loopback that records webhook deliveries and answers as told (200 by default). */
export async function startWebhookReceiver(host = '127.0.0.1'): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const accepted: ReceivedWebhook[] = [];
  const held: ServerResponse[] = [];
  let decide: (request: ReceivedWebhook, index: number) => ReceiverAnswer = () => ({ status: 200 });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let events: Array<Record<string, unknown>> = [];
      try {
        events = JSON.parse(body) as Array<Record<string, unknown>>;
      } catch {
        events = [];
      }
      const received: ReceivedWebhook = { headers: request.headers, body, events, receivedAt: Date.now() };
      requests.push(received);
      const answer = decide(received, requests.length - 1);
      if (answer === 'hang') {
        held.push(response);
        return;
      }
      const respond = (): void => {
        if (response.destroyed) return;
        if (answer.status >= 200 && answer.status < 300) accepted.push(received);
        response.writeHead(answer.status, { 'Content-Type': 'application/json', ...(answer.headers ?? {}) });
        response.end(answer.body ?? (answer.status < 300 ? '{"code":0}' : '{"code":1}'));
      };
      // A slow endpoint (the answer takes this long), not a wait in a test.
      if (answer.delayMs) setTimeout(respond, answer.delayMs);
      else respond();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/hook`,
    port,
    requests,
    delivered: () => accepted.flatMap((request) => request.events),
    answer: (next) => {
      decide = next;
    },
    release: (status = 200) => {
      decide = () => ({ status });
      for (const response of held.splice(0)) {
        if (!response.destroyed && !response.writableEnded) {
          response.writeHead(status, { 'Content-Type': 'application/json' });
          response.end('{"code":0}');
        }
      }
    },
    close: async () => {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
