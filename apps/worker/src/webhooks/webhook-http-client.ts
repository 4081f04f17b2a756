import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import http from 'node:http';
import https from 'node:https';
import { AppConfig } from '@tongdao/config';
import {
  checkOutboundUrl,
  createSafeLookup,
  DnsResolver,
  HostAllowList,
  UnsafeAddressError,
} from '@tongdao/net-safety';
import { APP_CONFIG } from '@tongdao/platform';
import { WEBHOOK_DNS_RESOLVER } from './webhook-dns';

export type WebhookFailureKind = 'http_error' | 'redirect' | 'timeout' | 'network' | 'unsafe_target';

export type WebhookPostResult =
  | { ok: true; status: number; durationMs: number }
  | { ok: false; kind: WebhookFailureKind; status: number | null; error: string; durationMs: number };

/** Bytes of a receiver's answer read before the rest is dropped: only the status code matters. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs webhook batches. Every request is checked against the target rules twice: the URL before connecting, and
 * each resolved address inside the socket's lookup, so the connection goes to exactly the address that passed (no
 * DNS rebinding). Redirects are never followed: a 3xx is a failed attempt. Keep-alive sockets per host are reused.
 */
@Injectable()
export class WebhookHttpClient implements OnApplicationShutdown {
  private readonly allowList: HostAllowList;
  private readonly lookup: ReturnType<typeof createSafeLookup>;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WEBHOOK_DNS_RESOLVER) resolver: DnsResolver,
  ) {
    this.allowList = new HostAllowList(config.webhooks.allowedHosts);
    this.lookup = createSafeLookup(this.allowList, resolver);
    const agentOptions = {
      keepAlive: true,
      maxSockets: 256,
      maxFreeSockets: 64,
      scheduling: 'lifo' as const,
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  post(url: string, headers: Record<string, string>, body: Buffer): Promise<WebhookPostResult> {
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    const target = checkOutboundUrl(url, { allowList: this.allowList });
    if (!target.ok)
      return Promise.resolve({
        ok: false,
        kind: 'unsafe_target',
        status: null,
        error: target.message,
        durationMs: 0,
      });
    const secure = target.url.protocol === 'https:';
    return new Promise((resolve) => {
      const request = (secure ? https : http).request(
        target.url,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          lookup: this.lookup,
          headers: { ...headers, 'Content-Length': String(body.length) },
          signal: AbortSignal.timeout(this.config.webhooks.timeoutMs),
        },
        (response) => {
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_RESPONSE_BYTES) response.destroy();
          });
          const finish = (): void => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve({ ok: true, status, durationMs: elapsed() });
            else
              resolve({
                ok: false,
                kind: status >= 300 && status < 400 ? 'redirect' : 'http_error',
                status,
                error:
                  status >= 300 && status < 400
                    ? `answered ${status}; redirects are not followed`
                    : `answered ${status}`,
                durationMs: elapsed(),
              });
          };
          response.once('end', finish);
          response.once('close', finish);
          response.once('error', () => undefined);
        },
      );
      request.once('error', (error: Error & { code?: string }) =>
        resolve({ ok: false, ...describeError(error), status: null, durationMs: elapsed() }),
      );
      request.end(body);
    });
  }

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function describeError(error: Error & { code?: string }): { kind: WebhookFailureKind; error: string } {
  if (error instanceof UnsafeAddressError) return { kind: 'unsafe_target', error: error.message };
  if (error.name === 'AbortError' || error.name === 'TimeoutError' || error.code === 'ABORT_ERR')
    return { kind: 'timeout', error: 'no answer within the timeout' };
  return { kind: 'network', error: error.code ? `${error.code}: ${error.message}` : error.message };
}
