import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { RedirectRecord, ShortDomainRepository, ShortLinkRepository } from '@tongdao/database';
import { ClickCap, LinkCacheNotice, linkCacheKey } from '@tongdao/short-links';

/** A resolved code, with its 302 headers built once (the hot path then allocates nothing for them). */
export interface ResolvedLink {
  record: RedirectRecord | null;
  headers: readonly string[];
  cap: ClickCap | null;
  /** Issue 8b: links of messages send the click id to the target (`td_cid`); null for other links. */
  headersWithClickId: ((clickId: string) => readonly string[]) | null;
}

const MISSING: ResolvedLink = { record: null, headers: [], cap: null, headersWithClickId: null };
/** A miss is cached in Redis for a minute: random codes must not reach PostgreSQL every time. */
const MISS_TTL_SECONDS = 60;

export interface LinkResolverOptions {
  cacheTtlMs: number;
  cacheMax: number;
  redisTtlSeconds: number;
  /** How often the set of approved hosts is reloaded (also on every domain notice). */
  hostsRefreshMs: number;
  defaultDomain: string;
  /** Issue 8b: the query parameter carrying the click id on links of messages. */
  clickIdParam?: string;
}

/**
 * Where a code goes: the in-process LRU (a few seconds), then Redis, then PostgreSQL (which fills both). Concurrent
 * misses for one code share one lookup. The approved hosts are kept as a set in memory, so a hit on an unknown
 * host costs nothing.
 */
export class LinkResolver {
  private readonly cache: LRUCache<string, ResolvedLink>;
  private readonly inFlight = new Map<string, Promise<ResolvedLink>>();
  private hosts = new Set<string>();
  private refresher?: NodeJS.Timeout;
  private defaultSeeded = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: Redis,
    private readonly links: ShortLinkRepository,
    private readonly domains: ShortDomainRepository,
    private readonly options: LinkResolverOptions,
  ) {
    this.cache = new LRUCache<string, ResolvedLink>({ max: options.cacheMax, ttl: options.cacheTtlMs });
  }

  async start(onError: (error: unknown) => void): Promise<void> {
    await this.refreshHosts().catch(onError);
    this.refresher = setInterval(() => void this.refreshHosts().catch(onError), this.options.hostsRefreshMs);
    this.refresher.unref();
  }

  stop(): void {
    if (this.refresher) clearInterval(this.refresher);
  }

  isKnownHost(host: string): boolean {
    return this.hosts.has(host);
  }

  /** The cached answer, if the LRU has a fresh one (the common case; synchronous). */
  peek(key: string): ResolvedLink | undefined {
    return this.cache.get(key);
  }

  resolve(key: string, host: string, code: string): Promise<ResolvedLink> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(host, code).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  onNotice(notice: LinkCacheNotice): void {
    if (notice.kind === 'link') this.cache.delete(`${notice.host}/${notice.code}`);
    else {
      this.cache.clear();
      void this.refreshHosts().catch(() => undefined);
    }
  }

  async refreshHosts(): Promise<void> {
    if (!this.defaultSeeded) {
      // The API seeds it too; the redirector may start first on a fresh installation.
      await this.dataSource.transaction((manager) =>
        this.domains.ensureDefault(manager, this.options.defaultDomain),
      );
      this.defaultSeeded = true;
    }
    const rows = (await this.dataSource.query(
      `SELECT host FROM short_domains WHERE status = 'approved'`,
    )) as Array<{
      host: string;
    }>;
    this.hosts = new Set(rows.map((row) => row.host));
  }

  private async load(host: string, code: string): Promise<ResolvedLink> {
    const key = `${host}/${code}`;
    const redisKey = linkCacheKey(host, code);
    const cached = await this.redis.get(redisKey);
    let record: RedirectRecord | null;
    if (cached !== null) record = cached === '0' ? null : (JSON.parse(cached) as RedirectRecord);
    else {
      record = await this.links.findForRedirect(this.dataSource, host, code);
      await this.redis.set(
        redisKey,
        record ? JSON.stringify(record) : '0',
        'EX',
        record ? this.options.redisTtlSeconds : MISS_TTL_SECONDS,
      );
    }
    const resolved = record ? toResolved(record, this.options.clickIdParam) : MISSING;
    this.cache.set(key, resolved);
    return resolved;
  }
}

function toResolved(record: RedirectRecord, clickIdParam?: string): ResolvedLink {
  return {
    headersWithClickId:
      record.messageId && clickIdParam ? clickIdHeaders(record.targetUrl, clickIdParam) : null,
    record,
    headers: [
      'Location',
      record.targetUrl,
      'Cache-Control',
      'private, max-age=0, no-store',
      'Content-Length',
      '0',
    ],
    cap:
      record.clickCap > 0
        ? { key: `short-links:cap:${record.linkId}`, limit: record.clickCap, expiresAt: record.expiresAt }
        : null,
  };
}

/** Issue 8b: the 302 headers with `param=<click id>` added before the fragment, built per click from precomputed parts. */
function clickIdHeaders(targetUrl: string, param: string): (clickId: string) => readonly string[] {
  const hash = targetUrl.indexOf('#');
  const base = hash < 0 ? targetUrl : targetUrl.slice(0, hash);
  const fragment = hash < 0 ? '' : targetUrl.slice(hash);
  const prefix = `${base}${base.includes('?') ? '&' : '?'}${encodeURIComponent(param)}=`;
  return (clickId) => [
    'Location',
    `${prefix}${encodeURIComponent(clickId)}${fragment}`,
    'Cache-Control',
    'private, max-age=0, no-store',
    'Content-Length',
    '0',
  ];
}
