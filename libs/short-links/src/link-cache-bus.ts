import Redis from 'ioredis';

export type LinkCacheNotice = { kind: 'link'; host: string; code: string } | { kind: 'domains' };

/** The Redis key holding a link's redirect record (a JSON RedirectRecord, or "0" for a known miss). */
export function linkCacheKey(host: string, code: string): string {
  return `short-links:link:${host}/${code}`;
}

/**
 * Keeps the redirectors' caches honest across processes. A change to a link deletes its Redis entry and publishes
 * a notice; every redirector drops the entry from its in-process cache. A notice lost while a subscriber
 * reconnects only delays the change by the in-process cache's TTL (a few seconds). Channel names are not
 * prefixed by ioredis, so the installation's key prefix is part of the name.
 */
export class LinkCacheBus {
  private subscriber?: Redis;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  get channel(): string {
    return `${this.keyPrefix}short-links:invalidate`;
  }

  async linkChanged(host: string, code: string): Promise<void> {
    await this.redis.del(linkCacheKey(host, code));
    await this.redis.publish(this.channel, JSON.stringify({ kind: 'link', host, code }));
  }

  async domainsChanged(): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify({ kind: 'domains' }));
  }

  async subscribe(onNotice: (notice: LinkCacheNotice) => void): Promise<void> {
    if (typeof this.redis.duplicate !== 'function') return;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        const notice = JSON.parse(message) as LinkCacheNotice;
        if (notice.kind === 'link' || notice.kind === 'domains') onNotice(notice);
      } catch {
        // Not ours; ignore.
      }
    });
    await subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
