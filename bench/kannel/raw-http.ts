/**
 * Just enough HTTP/1.1 for the Kannel comparison's load generator and receipt sink. Node's http module spent about
 * 0.3 ms of CPU per request and receipt here (13.6 CPU-s of a 28 s run of 20,000 messages), a quarter of this
 * 2-core machine taken away from the gateway being measured; Kannel's sendsms and dlr-url traffic is simple GETs
 * with small bodies, so a bare parser will do.
 */
import { connect, createServer, Server, Socket } from 'node:net';

export interface RawResponse {
  status: number;
  body: string;
}

/** One keep-alive connection that sends GETs one after another; reconnects if the server closed it. */
export class RawHttpConnection {
  private socket: Socket | null = null;
  private buffer = '';
  private waiting: { resolve(response: RawResponse): void; reject(error: Error): void } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  get(path: string): Promise<RawResponse> {
    if (this.waiting) return Promise.reject(new Error('one request at a time per connection'));
    const socket = this.socket ?? this.open();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n\r\n`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private open(): Socket {
    const socket = connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    this.buffer = '';
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.parse();
    });
    const fail = (error: Error): void => {
      if (this.socket === socket) this.socket = null;
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed before the response')));
    this.socket = socket;
    return socket;
  }

  private parse(): void {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end === -1) return;
    const head = this.buffer.slice(0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.fail(new Error(`response without Content-Length: ${head.slice(0, 200)}`));
      return;
    }
    const bodyEnd = end + 4 + Number(length[1]);
    if (this.buffer.length < bodyEnd) return;
    const body = Buffer.from(this.buffer.slice(end + 4, bodyEnd), 'latin1').toString('utf8');
    this.buffer = this.buffer.slice(bodyEnd);
    const status = Number(head.slice(9, 12));
    if (/\r\nconnection:\s*close/i.test(head) || head.startsWith('HTTP/1.0')) this.close();
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ status, body });
  }

  private fail(error: Error): void {
    this.close();
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }
}

/**
 * A server that answers every GET with 200 "ok" and hands its request target to `onRequest`. Requests without a
 * body only: the dlr-url calls are GETs.
 */
export function rawGetServer(onRequest: (target: string) => void): Server {
  return createServer((socket) => {
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let replies = '';
      let close = false;
      for (let end = buffer.indexOf('\r\n\r\n'); end !== -1; end = buffer.indexOf('\r\n\r\n')) {
        const head = buffer.slice(0, end);
        buffer = buffer.slice(end + 4);
        const lineEnd = head.indexOf('\r\n');
        const requestLine = lineEnd === -1 ? head : head.slice(0, lineEnd);
        const [, target = '/', version = 'HTTP/1.0'] = requestLine.split(' ');
        onRequest(target);
        close =
          /\r\nconnection:\s*close/i.test(head) ||
          (version === 'HTTP/1.0' && !/\r\nconnection:\s*keep-alive/i.test(head));
        replies += `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n${
          close ? 'Connection: close\r\n' : ''
        }\r\nok`;
        if (close) break;
      }
      if (replies) socket.write(replies);
      if (close) socket.end();
    });
    socket.on('error', () => socket.destroy());
  });
}
