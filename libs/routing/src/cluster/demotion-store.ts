import type Redis from 'ioredis';
import { DemotionDecision, DemotionState, demotionKey } from '../learning/demotion-policy';

const STATES = 'routing:demotions';
const DECISIONS = 'routing:demotion-decisions';
const LEADER = 'routing:learning-leader';
const KEPT_DECISIONS = 500;

/** Extends a lock only for its holder. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0
`;

/**
 * Learning's shared state in Redis: the current level of every demoted channel (normal ones are absent), the last
 * decisions, and a leader lock so that one dispatcher at a time evaluates while all of them apply the states.
 */
export class DemotionStore {
  constructor(private readonly redis: Redis) {}

  async states(): Promise<Map<string, DemotionState>> {
    const raw = await this.redis.hgetall(STATES);
    return new Map(Object.entries(raw).map(([key, json]) => [key, JSON.parse(json) as DemotionState]));
  }

  /** Stores decisions: a step back to normal removes the state; every decision joins the history. */
  async apply(decisions: readonly DemotionDecision[]): Promise<void> {
    if (decisions.length === 0) return;
    const multi = this.redis.multi();
    for (const decision of decisions) {
      const key = demotionKey(decision);
      if (decision.level === 'normal') multi.hdel(STATES, key);
      else {
        const { from: _from, ...state } = decision;
        multi.hset(STATES, key, JSON.stringify(state));
      }
      multi.lpush(DECISIONS, JSON.stringify(decision));
    }
    multi.ltrim(DECISIONS, 0, KEPT_DECISIONS - 1);
    await multi.exec();
  }

  /** The latest decisions, newest first. */
  async decisions(limit = 100): Promise<DemotionDecision[]> {
    const raw = await this.redis.lrange(DECISIONS, 0, limit - 1);
    return raw.map((json) => JSON.parse(json) as DemotionDecision);
  }

  /** Takes or keeps the evaluation lock; true while this holder has it. */
  async lead(holder: string, ttlMs: number): Promise<boolean> {
    return Number(await this.redis.eval(RENEW_SCRIPT, 1, LEADER, holder, ttlMs)) === 1;
  }

  async resign(holder: string): Promise<void> {
    await this.redis.eval(
      `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
      1,
      LEADER,
      holder,
    );
  }
}
