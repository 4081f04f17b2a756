import * as net from 'node:net';

/** A listening TCP server that remembers its sockets so stop() can close every connection deterministically. */
export class TcpAcceptor {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(onSocket: (socket: net.Socket) => void) {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.setNoDelay(true);
      onSocket(socket);
    });
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
    });
  }
}
