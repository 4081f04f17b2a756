import type { IncomingMessage } from 'node:http';
import { IpAllowlist } from '@tongdao/ip-allowlist';

/**
 * The visitor's address: the socket's peer, or, when that peer is a trusted proxy (load balancer), the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy.
 */
export class ClientAddress {
  private readonly proxies: IpAllowlist | null;

  constructor(trustedProxies: readonly string[]) {
    this.proxies = trustedProxies.length > 0 ? IpAllowlist.compile(trustedProxies) : null;
  }

  of(request: IncomingMessage): string | null {
    const peer = request.socket.remoteAddress ?? null;
    if (!this.proxies || !peer || !this.proxies.allows(peer)) return peer;
    const forwarded = request.headers['x-forwarded-for'];
    if (typeof forwarded !== 'string') return peer;
    const hops = forwarded.split(',');
    for (let index = hops.length - 1; index >= 0; index -= 1) {
      const hop = hops[index]!.trim();
      if (hop !== '' && !this.proxies.allows(hop)) return hop;
    }
    return peer;
  }
}
