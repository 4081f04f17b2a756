import Redis from 'ioredis';
import { ClickCap, ClickLog, ClickLogEntry } from './click-log';

const GROUP = 'click-writers';
/** A capped link's counter outlives its expiry by a day, then goes. */
const DAY_MS = 86_400_000;

/**
 * The cap check and the append in one script, so two redirectors can never both let the last allowed click
 * through, and a capped hit leaves no entry.
 */
const APPEND_CAPPED = `
local count = redis.call('INCR', KEYS[2])
if count == 1 and tonumber(ARGV[3]) > 0 then redis.call('PEXPIREAT', KEYS[2], ARGV[3]) end
if count > tonumber(ARGV[1]) then return 0 end
redis.call('XADD', KEYS[1], '*', 'c', '[' .. ARGV[2] .. ']')
return 1`;

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

interface ClickLogRedis extends Redis {
  appendCapped(
    stream: string,
    capKey: string,
    limit: number,
    payload: string,
    expiresAt: number,
  ): Promise<number>;
}

/**
 * The click log on a Redis Stream. Appends are XADD (acknowledged by Redis before the redirector answers; Redis'
 * own persistence, AOF with `appendfsync everysec` or better, decides what survives a Redis crash). Writers read
 * through one consumer group; entries are XACKed and XDELed after their clicks are committed, so the stream only
 * holds the backlog. Reading blocks, so it uses its own connection.
 */
export class RedisClickLog implements ClickLog {
  private readonly redis: ClickLogRedis;
  private reader?: Redis;
  private batch?: {
    payloads: string[];
    waiters: Array<{ resolve(stored: boolean): void; reject(error: unknown): void }>;
  };
  /** ioredis prefixes the keys of most commands, but not of XGROUP and XINFO: those get the full name. */
  private readonly fullStream: string;

  constructor(
    redis: Redis,
    private readonly stream = 'short-links:clicks',
  ) {
    this.redis = redis as ClickLogRedis;
    this.fullStream = `${redis.options.keyPrefix ?? ''}${stream}`;
    if (typeof this.redis.appendCapped !== 'function')
      this.redis.defineCommand('appendCapped', { numberOfKeys: 2, lua: APPEND_CAPPED });
  }

  /**
   * Uncapped hits of one event-loop turn share one XADD (an entry holding a JSON array of events): under load that
   * turns thousands of Redis commands a second into a few hundred, and costs no latency (the flush runs as soon as
   * the turn's I/O is handled). Each caller still waits for its own entry to be stored.
   */
  append(payload: string, cap: ClickCap | null): Promise<boolean> {
    if (cap)
      return this.redis
        .appendCapped(this.stream, cap.key, cap.limit, payload, cap.expiresAt ? cap.expiresAt + DAY_MS : 0)
        .then((stored) => stored === 1);
    if (!this.batch) {
      this.batch = { payloads: [], waiters: [] };
      setImmediate(() => this.flush());
    }
    const batch = this.batch;
    batch.payloads.push(payload);
    return new Promise<boolean>((resolve, reject) => batch.waiters.push({ resolve, reject }));
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = undefined;
    if (!batch) return;
    this.redis.xadd(this.stream, '*', 'c', `[${batch.payloads.join(',')}]`).then(
      () => {
        for (const waiter of batch.waiters) waiter.resolve(true);
      },
      (error: unknown) => {
        for (const waiter of batch.waiters) waiter.reject(error);
      },
    );
  }

  async prepare(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.fullStream, GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  async read(consumer: string, count: number, blockMs: number): Promise<ClickLogEntry[]> {
    this.reader ??= this.redis.duplicate();
    // BLOCK 0 would wait forever: without a wait, do not block at all.
    const reply = (
      blockMs > 0
        ? await this.reader.xreadgroup(
            'GROUP',
            GROUP,
            consumer,
            'COUNT',
            count,
            'BLOCK',
            blockMs,
            'STREAMS',
            this.stream,
            '>',
          )
        : await this.redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'STREAMS', this.stream, '>')
    ) as StreamReply;
    return toEntries(reply?.[0]?.[1] ?? []);
  }

  async readPending(consumer: string, count: number): Promise<ClickLogEntry[]> {
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      GROUP,
      consumer,
      'COUNT',
      count,
      'STREAMS',
      this.stream,
      '0',
    )) as StreamReply;
    return toEntries(reply?.[0]?.[1] ?? []);
  }

  async claimStale(consumer: string, minIdleMs: number, count: number): Promise<ClickLogEntry[]> {
    const reply = (await this.redis.xautoclaim(
      this.stream,
      GROUP,
      consumer,
      minIdleMs,
      '0-0',
      'COUNT',
      count,
    )) as [string, Array<[string, string[]] | null>, string[]?];
    const claimed = toEntries(reply[1].filter((entry): entry is [string, string[]] => entry !== null));
    // Entries deleted while pending come back as ids only (Redis 7): acknowledge them so they stop being pending.
    if (reply[2] && reply[2].length > 0) await this.redis.xack(this.stream, GROUP, ...reply[2]);
    return claimed;
  }

  async acknowledge(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.redis
      .multi()
      .xack(this.stream, GROUP, ...ids)
      .xdel(this.stream, ...ids)
      .exec();
  }

  async backlog(): Promise<number> {
    return this.redis.xlen(this.stream);
  }

  /** Removes consumers of dead processes once nothing is pending on them. */
  async forgetIdleConsumers(idleMs: number): Promise<number> {
    const consumers = (await this.redis.xinfo('CONSUMERS', this.fullStream, GROUP)) as unknown[][];
    let removed = 0;
    for (const fields of consumers) {
      const info = new Map<string, unknown>();
      for (let index = 0; index + 1 < fields.length; index += 2)
        info.set(String(fields[index]), fields[index + 1]);
      if (Number(info.get('pending')) === 0 && Number(info.get('idle')) > idleMs) {
        await this.redis.xgroup('DELCONSUMER', this.fullStream, GROUP, String(info.get('name')));
        removed += 1;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    if (this.reader) this.reader.disconnect();
    this.reader = undefined;
  }
}

function toEntries(raw: Array<[string, string[]]>): ClickLogEntry[] {
  const entries: ClickLogEntry[] = [];
  for (const [id, fields] of raw) {
    const at = fields.indexOf('c');
    entries.push({ id, payload: at >= 0 ? (fields[at + 1] ?? '') : '' });
  }
  return entries;
}
