import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { CapCheckRequest, CapVerdict, FrequencyCapPort } from '@tongdao/compliance';
import {
  CapSpec,
  capName,
  ComplianceStateSettingsStore,
  FREQUENCY_CAP_SCRIPT,
  parseCapList,
} from '@tongdao/compliance-state';
import { AppConfig } from '@tongdao/config';
import type { MessageKind } from '@tongdao/lifecycle';
import { APP_CONFIG, REDIS } from '@tongdao/platform';

/** Phones per script call: each call is atomic; a 10,000-recipient batch takes two. */
export const CAP_SCRIPT_CHUNK = 5000;

const SCRIPT_SHA = createHash('sha1').update(FREQUENCY_CAP_SCRIPT).digest('hex');

const MODE = { peek: 0, reserve: 1, release: 2 } as const;

const OK: CapVerdict = Object.freeze({ ok: true });

/**
 * Frequency caps per phone, account and kind, in Redis so that every API process shares them (see
 * frequency-cap.script.ts for the counting). Per batch: one PostgreSQL statement for the account's cap override and
 * its exempt test numbers, then one script call per 5,000 phones.
 */
@Injectable()
export class RedisFrequencyCaps implements FrequencyCapPort {
  private readonly defaults: Record<MessageKind, CapSpec[]>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly settings: ComplianceStateSettingsStore,
  ) {
    const caps = config.complianceState.caps;
    this.defaults = {
      verification: capsOf(caps.verification) ?? [],
      notification: capsOf(caps.notification) ?? [],
      marketing: capsOf(caps.marketing) ?? [],
    };
  }

  reserve(request: CapCheckRequest): Promise<CapVerdict[]> {
    return this.check(request, MODE.reserve);
  }

  peek(request: CapCheckRequest): Promise<CapVerdict[]> {
    return this.check(request, MODE.peek);
  }

  async release(request: CapCheckRequest): Promise<void> {
    const { caps, exempt } = await this.context(request);
    if (caps.length === 0) return;
    const phones = request.phones.filter((phone) => !exempt.has(phone));
    for (let start = 0; start < phones.length; start += CAP_SCRIPT_CHUNK)
      await this.run(request, phones.slice(start, start + CAP_SCRIPT_CHUNK), caps, MODE.release);
  }

  /** The caps in force for an account and kind (its override, else the platform default). */
  async capsFor(accountId: string, kind: MessageKind): Promise<CapSpec[]> {
    return (await this.context({ accountId, kind, phones: [], now: new Date() })).caps;
  }

  private async check(request: CapCheckRequest, mode: number): Promise<CapVerdict[]> {
    const verdicts = new Array<CapVerdict>(request.phones.length).fill(OK);
    if (request.phones.length === 0) return verdicts;
    const { caps, exempt } = await this.context(request);
    if (caps.length === 0) return verdicts;
    const positions: number[] = [];
    request.phones.forEach((phone, index) => {
      if (!exempt.has(phone)) positions.push(index);
    });
    for (let start = 0; start < positions.length; start += CAP_SCRIPT_CHUNK) {
      const chunk = positions.slice(start, start + CAP_SCRIPT_CHUNK);
      const answer = String(
        await this.run(
          request,
          chunk.map((position) => request.phones[position]!),
          caps,
          mode,
        ),
      ).split(',');
      chunk.forEach((position, offset) => {
        const capIndex = Number(answer[offset * 2]);
        if (capIndex === 0) return;
        verdicts[position] = {
          ok: false,
          cap: capName(request.kind, caps[capIndex - 1]!),
          freesAt: new Date(Number(answer[offset * 2 + 1])),
        };
      });
    }
    return verdicts;
  }

  private async context(request: CapCheckRequest): Promise<{ caps: CapSpec[]; exempt: Set<string> }> {
    const context = await this.settings.capContext(
      this.dataSource,
      request.accountId,
      request.kind,
      request.phones,
    );
    const caps =
      context.capText === null
        ? this.defaults[request.kind]
        : (capsOf(context.capText) ?? this.defaults[request.kind]);
    return { caps, exempt: context.exempt };
  }

  private run(
    request: CapCheckRequest,
    phones: readonly string[],
    caps: readonly CapSpec[],
    mode: number,
  ): Promise<unknown> {
    const keys = phones.map((phone) => `cap:${request.accountId}:${request.kind}:${phone}`);
    const args: Array<string | number> = [
      mode,
      request.now.getTime(),
      Date.now(),
      randomBytes(6).toString('base64url'),
      caps.length,
      ...caps.flatMap((cap) => [cap.limit, cap.windowMs]),
    ];
    return this.evaluate(keys, args);
  }

  /** EVALSHA, falling back to EVAL (which caches the script) when Redis does not know it yet. */
  private async evaluate(keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await this.redis.evalsha(SCRIPT_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(FREQUENCY_CAP_SCRIPT, keys.length, ...keys, ...args);
    }
  }
}

/** Texts are validated when written (API, config); one edited by hand into nonsense gives the default. */
function capsOf(text: string): CapSpec[] | null {
  const parsed = parseCapList(text);
  return parsed.ok ? parsed.caps : null;
}
