import * as net from 'node:net';
import { FrameReader, type PduCodec } from '../../core';

export type PeerHandler<P> = (pdu: P, connection: PeerConnection<P>) => void;

export class PeerConnection<P> {
  constructor(
    readonly socket: net.Socket,
    private readonly codec: PduCodec<P>,
  ) {}

  send(pdu: P): void {
    if (!this.socket.destroyed) this.socket.write(this.codec.encode(pdu));
  }

  sendRaw(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }

  get closed(): boolean {
    return this.socket.destroyed;
  }
}

/** A loopback TCP peer for integration tests: decodes frames with a real codec and lets the test script replies. */
export class ScriptedPeer<P> {
  readonly received: P[] = [];
  readonly connections: PeerConnection<P>[] = [];
  private readonly sockets = new Set<net.Socket>();
  private listeners: Array<() => void> = [];

  private constructor(
    private readonly server: net.Server,
    private readonly codec: PduCodec<P>,
    public handler: PeerHandler<P>,
  ) {}

  static async listen<P>(codec: PduCodec<P>, handler: PeerHandler<P>): Promise<ScriptedPeer<P>> {
    const server = net.createServer();
    const peer = new ScriptedPeer(server, codec, handler);
    server.on('connection', (socket) => peer.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return peer;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get openConnections(): PeerConnection<P>[] {
    return this.connections.filter((connection) => !connection.closed);
  }

  async waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for peer condition');
      await new Promise<void>((resolve) => {
        this.listeners.push(resolve);
        setTimeout(resolve, 10);
      });
    }
  }

  count(predicate: (pdu: P) => boolean): number {
    return this.received.filter(predicate).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    const connection = new PeerConnection(socket, this.codec);
    this.connections.push(connection);
    const reader = new FrameReader(this.codec, {
      onPdu: (pdu) => {
        this.received.push(pdu);
        this.handler(pdu, connection);
        this.notify();
      },
      onError: () => socket.destroy(),
    });
    socket.on('data', (chunk) => reader.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.notify();
    });
    this.notify();
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}
