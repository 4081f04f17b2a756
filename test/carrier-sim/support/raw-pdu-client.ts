import * as net from 'node:net';
import { FrameReader, PduCodec } from '@tongdao/protocols';

interface Waiter<P> {
  match: (pdu: P) => boolean;
  resolve: (pdu: P) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** A bare protocol client for tests: sends PDUs built by hand and waits for specific PDUs from the simulator. */
export class RawPduClient<P> {
  readonly received: P[] = [];
  private readonly waiters: Waiter<P>[] = [];
  private readonly closedPromise: Promise<void>;

  private constructor(
    readonly socket: net.Socket,
    private readonly codec: PduCodec<P>,
  ) {
    const reader = new FrameReader(codec, {
      onPdu: (pdu) => this.onPdu(pdu),
      onError: (err) => socket.destroy(err),
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect<P>(codec: PduCodec<P>, port: number, host = '127.0.0.1'): Promise<RawPduClient<P>> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RawPduClient(socket, codec));
      });
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  send(pdu: P): void {
    this.socket.write(this.codec.encode(pdu));
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves with the first already-received or future PDU matching `match`, consuming it. */
  next(match: (pdu: P) => boolean, timeoutMs = 20_000): Promise<P> {
    const index = this.received.findIndex(match);
    if (index >= 0) return Promise.resolve(this.received.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<P> = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`no matching PDU within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves true if the peer closes within the timeout, false otherwise. */
  async closesWithin(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([this.closedPromise.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  close(): Promise<void> {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('client closed'));
    }
    this.socket.destroy();
    return this.closedPromise;
  }

  private onPdu(pdu: P): void {
    const index = this.waiters.findIndex((waiter) => waiter.match(pdu));
    if (index < 0) {
      this.received.push(pdu);
      return;
    }
    const [waiter] = this.waiters.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.resolve(pdu);
  }
}
