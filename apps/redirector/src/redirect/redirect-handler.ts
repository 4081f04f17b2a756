import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter } from 'prom-client';
import { PROBE_PATHS } from '@tongdao/platform';
import {
  ClickClassifier,
  ClickIdMinter,
  ClickLog,
  encodeClickEvent,
  looksLikeCode,
  REDIRECT_PAGES,
  RedirectPage,
} from '@tongdao/short-links';
import { ClientAddress } from './client-address';
import { LinkResolver, ResolvedLink } from './link-resolver';

const PAGE_STATUS: Record<RedirectPage, number> = {
  notFound: 404,
  unknownHost: 404,
  expired: 410,
  disabled: 410,
  capped: 410,
  unavailable: 503,
};
const ROBOTS = Buffer.from('User-agent: *\nDisallow: /\n');

type Outcome =
  'redirect' | 'not_found' | 'unknown_host' | 'expired' | 'disabled' | 'capped' | 'error' | 'other';

/**
 * The redirect hot path on plain node:http, outside Nest's pipeline. For a known code: check expiry and the
 * disabled flag from the cached record, append the hit to the click log (atomically with the click-cap check), and
 * only once the log has it answer 302. Nothing touches PostgreSQL here except a cache miss.
 */
export class RedirectHandler {
  private readonly clickIds = new ClickIdMinter();
  private readonly outcomes: Record<Outcome, { inc(): void }>;

  constructor(
    private readonly resolver: LinkResolver,
    private readonly log: ClickLog,
    private readonly classifier: ClickClassifier,
    private readonly addresses: ClientAddress,
    counter: Counter<'outcome'>,
    private readonly onError: (error: unknown) => void,
  ) {
    const outcome = (name: Outcome) => counter.labels(name);
    this.outcomes = {
      redirect: outcome('redirect'),
      not_found: outcome('not_found'),
      unknown_host: outcome('unknown_host'),
      expired: outcome('expired'),
      disabled: outcome('disabled'),
      capped: outcome('capped'),
      error: outcome('error'),
      other: outcome('other'),
    };
  }

  /** Handles the request unless it is for Nest (health, readiness, metrics); returns whether it did. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '/';
    // Health, readiness and metrics are Nest's, on the same port.
    for (const path of PROBE_PATHS)
      if (url.startsWith(path) && (url.length === path.length || url[path.length] === '?')) return false;
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Length': '0' });
      response.end();
      this.outcomes.other.inc();
      return true;
    }
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (path === '/robots.txt') {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': ROBOTS.length });
      response.end(method === 'HEAD' ? undefined : ROBOTS);
      this.outcomes.other.inc();
      return true;
    }
    const headers = readHeaders(request.rawHeaders);
    const host = normalizeHost(headers.host);
    if (host === null || !this.resolver.isKnownHost(host)) {
      this.page(request, response, 'unknownHost');
      return true;
    }
    const code = path.slice(1);
    if (!looksLikeCode(code)) {
      this.page(request, response, 'notFound');
      return true;
    }
    const key = `${host}/${code}`;
    const link = this.resolver.peek(key);
    if (link) this.answer(request, response, link, headers);
    else
      this.resolver.resolve(key, host, code).then(
        (resolved) => this.answer(request, response, resolved, headers),
        (error: unknown) => this.fail(request, response, error),
      );
    return true;
  }

  private answer(
    request: IncomingMessage,
    response: ServerResponse,
    link: ResolvedLink,
    headers: HotHeaders,
  ): void {
    const record = link.record;
    if (record === null) return this.page(request, response, 'notFound');
    if (record.disabled) return this.page(request, response, 'disabled');
    const now = Date.now();
    if (record.expiresAt !== 0 && now >= record.expiresAt) return this.page(request, response, 'expired');
    const method = request.method ?? 'GET';
    const userAgent = headers.userAgent;
    // Previews and bots do not use up a capped link meant for people.
    const cap =
      link.cap && this.classifier.classifyHit({ method, userAgent }).class === 'human' ? link.cap : null;
    const referrer = headers.referer;
    const clickId = this.clickIds.next();
    const payload = encodeClickEvent({
      clickId,
      linkId: record.linkId,
      accountId: record.accountId,
      messageId: record.messageId,
      recipientId: record.recipientId,
      at: now,
      method,
      ip: this.addresses.of(request),
      userAgent,
      referrer: referrer ?? null,
    });
    this.log.append(payload, cap).then(
      (appended) => {
        if (!appended) return this.page(request, response, 'capped');
        response.writeHead(302, (link.headersWithClickId?.(clickId) ?? link.headers) as string[]);
        response.end();
        this.outcomes.redirect.inc();
      },
      (error: unknown) => this.fail(request, response, error),
    );
  }

  private fail(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    this.onError(error);
    this.outcomes.error.inc();
    this.page(request, response, 'unavailable', false);
  }

  private page(request: IncomingMessage, response: ServerResponse, page: RedirectPage, count = true): void {
    if (response.headersSent) return;
    const body = REDIRECT_PAGES[page];
    response.writeHead(PAGE_STATUS[page], {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      ...(page === 'unavailable' ? { 'Retry-After': '5' } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    if (count) this.outcomes[OUTCOME_OF_PAGE[page]].inc();
  }
}

const OUTCOME_OF_PAGE: Record<RedirectPage, Outcome> = {
  notFound: 'not_found',
  unknownHost: 'unknown_host',
  expired: 'expired',
  disabled: 'disabled',
  capped: 'capped',
  unavailable: 'error',
};

interface HotHeaders {
  host: string | undefined;
  userAgent: string;
  referer: string | undefined;
}

/**
 * The three headers the hot path reads, straight from the raw header list: touching `request.headers` would make
 * node build the whole header object for every request.
 */
function readHeaders(raw: string[]): HotHeaders {
  const headers: HotHeaders = { host: undefined, userAgent: '', referer: undefined };
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!;
    if (name.length === 4 && name.toLowerCase() === 'host') headers.host ??= raw[index + 1];
    else if (name.length === 10 && name.toLowerCase() === 'user-agent') headers.userAgent = raw[index + 1]!;
    else if (name.length === 7 && name.toLowerCase() === 'referer') headers.referer = raw[index + 1];
  }
  return headers;
}

const hostCache = new Map<string, string | null>();

/** `T.Brand.CN:443` → `t.brand.cn`; cached, since a redirector sees few distinct Host headers. */
export function normalizeHost(header: string | undefined): string | null {
  if (!header) return null;
  let host = hostCache.get(header);
  if (host !== undefined) return host;
  let text = header.trim().toLowerCase();
  if (text.startsWith('[')) text = text.slice(0, text.indexOf(']') + 1);
  else {
    const colon = text.indexOf(':');
    if (colon >= 0) text = text.slice(0, colon);
  }
  if (text.endsWith('.')) text = text.slice(0, -1);
  host = text === '' ? null : text;
  if (hostCache.size > 10_000) hostCache.clear();
  hostCache.set(header, host);
  return host;
}
