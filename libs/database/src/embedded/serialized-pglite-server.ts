import { createServer, Server, Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Messages after which the backend answers with ReadyForQuery: the units we run without interleaving. */
const SYNC_POINTS = new Set(['S'.charCodeAt(0), 'Q'.charCodeAt(0)]);
const TERMINATE = 'X'.charCodeAt(0);
const READY_FOR_QUERY = 'Z'.charCodeAt(0);
const IDLE = 'I'.charCodeAt(0);

/**
 * A PostgreSQL wire-protocol server in front of PGlite, which has one session only. Each client's
 * messages run as whole units (up to Sync or a simple Query) so extended-protocol statements of
 * different clients never interleave, and a client that opens a transaction keeps the session
 * until it commits or rolls back: concurrent clients see real serialised behaviour.
 */
export class SerializedPgliteServer {
  private readonly server: Server;
  private owner: Socket | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly waiters: Array<{ socket: Socket; run: () => void }> = [];

  constructor(private readonly db: PGlite) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('embedded PostgreSQL has no TCP address');
    return address.port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    let pending: Buffer[] = [];
    let chain = Promise.resolve();
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        const length = started ? messageLength(buffer) : startupLength(buffer);
        if (length === null || buffer.length < length) break;
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (!started) {
          const code = message.readInt32BE(4);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N');
            continue;
          }
          if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          }
          started = true;
          chain = chain.then(() => this.runUnit(socket, [message]));
          continue;
        }
        pending.push(message);
        if (SYNC_POINTS.has(message[0]!) || message[0] === TERMINATE) {
          const unit = pending;
          pending = [];
          chain = chain.then(() => this.runUnit(socket, unit));
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      void chain.then(() => this.release(socket, true));
    });
  }

  /** Runs one unit of a client's messages while it owns the session. */
  private async runUnit(socket: Socket, messages: Buffer[]): Promise<void> {
    if (socket.destroyed) return;
    await this.acquire(socket);
    let idle = true;
    try {
      for (const message of messages) {
        if (message[0] === TERMINATE && messages.length === 1) {
          socket.end();
          break;
        }
        const response = await this.db.execProtocolRaw(message);
        if (response.length > 0) {
          idle = transactionIdle(response) ?? idle;
          if (!socket.destroyed) socket.write(response);
        }
      }
    } catch (error) {
      socket.destroy(error instanceof Error ? error : new Error(String(error)));
    }
    if (idle || socket.destroyed) await this.release(socket, socket.destroyed);
  }

  private acquire(socket: Socket): Promise<void> {
    if (this.owner === socket) return Promise.resolve();
    if (this.owner === null) {
      this.owner = socket;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push({ socket, run: resolve }));
  }

  private async release(socket: Socket, closed: boolean): Promise<void> {
    if (this.owner !== socket) {
      if (closed) this.dropWaiter(socket);
      return;
    }
    // A client that vanished inside a transaction must not leave it open for the next one.
    if (closed && this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
    this.owner = null;
    const next = this.waiters.shift();
    if (next) {
      this.owner = next.socket;
      next.run();
    }
  }

  private dropWaiter(socket: Socket): void {
    const index = this.waiters.findIndex((waiter) => waiter.socket === socket);
    if (index >= 0) this.waiters.splice(index, 1)[0]!.run();
  }
}

function startupLength(buffer: Buffer): number | null {
  return buffer.length >= 8 ? buffer.readInt32BE(0) : null;
}

function messageLength(buffer: Buffer): number | null {
  return buffer.length >= 5 ? 1 + buffer.readInt32BE(1) : null;
}

/** The transaction status of the last ReadyForQuery in a response; null when there is none. */
function transactionIdle(response: Uint8Array): boolean | null {
  const bytes = Buffer.from(response.buffer, response.byteOffset, response.byteLength);
  let offset = 0;
  let idle: boolean | null = null;
  while (offset + 5 <= bytes.length) {
    const type = bytes[offset]!;
    const length = bytes.readInt32BE(offset + 1);
    if (type === READY_FOR_QUERY && length === 5) idle = bytes[offset + 5] === IDLE;
    offset += 1 + length;
  }
  return idle;
}
