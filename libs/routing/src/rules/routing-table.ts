import { RoutableMessage, RouteTarget, routeTargetOf } from '../route-types';
import { RouteRule, ruleSpecificity } from './route-rule';

/** The part of a channel routing looks at. */
export interface RoutingChannel {
  id: string;
  enabled: boolean;
  carriers: readonly string[];
  international: boolean;
  /** Null serves every province. */
  provinces: readonly string[] | null;
  kinds: readonly string[];
  priority: number;
  weight: number;
}

export interface CandidateMember {
  channelId: string;
  weight: number;
}

/** Channels tried together, their traffic spread by weight; the next group only when none of these can take it. */
export interface CandidateGroup {
  /** Stable key for the group's round-robin state: the rule id, or `default:<target>:<priority>`. */
  key: string;
  source: 'rule' | 'default';
  members: readonly CandidateMember[];
}

/**
 * Channels and rules compiled for fast lookups: `groupsFor(message)` is the ordered list of candidate groups,
 * rule groups by specificity, then the channels' own priority levels. A channel listed in an earlier group is
 * not repeated later, and a channel that cannot carry the message (carrier, province, kind, disabled) is never
 * a candidate, whatever a rule says. Answers are cached per (account with rules, kind, target, province).
 */
export class RoutingTable {
  private readonly channels: ReadonlyMap<string, RoutingChannel>;
  private readonly rulesByTarget = new Map<RouteTarget, RouteRule[]>();
  private readonly accountsWithRules = new Set<string>();
  private readonly cache = new Map<string, readonly CandidateGroup[]>();
  private readonly servingCache = new Map<string, readonly string[]>();

  constructor(channels: readonly RoutingChannel[], rules: readonly RouteRule[]) {
    this.channels = new Map(channels.map((channel) => [channel.id, channel]));
    const ordered = rules
      .filter((rule) => rule.enabled)
      .sort((a, b) => ruleSpecificity(b) - ruleSpecificity(a) || a.priority - b.priority || cmp(a.id, b.id));
    for (const rule of ordered) {
      const list = this.rulesByTarget.get(rule.target) ?? [];
      list.push(rule);
      this.rulesByTarget.set(rule.target, list);
      if (rule.accountId) this.accountsWithRules.add(rule.accountId);
    }
  }

  channel(id: string): RoutingChannel | undefined {
    return this.channels.get(id);
  }

  groupsFor(message: RoutableMessage): readonly CandidateGroup[] {
    const target = routeTargetOf(message);
    if (target === null) return [];
    const account = this.accountsWithRules.has(message.accountId) ? message.accountId : '*';
    const key = `${account}|${message.kind}|${target}|${message.province ?? ''}`;
    let groups = this.cache.get(key);
    if (!groups) {
      groups = this.compile(message, target);
      this.cache.set(key, groups);
    }
    return groups;
  }

  /** Whether any channel at all could carry messages of this kind to this network (for claim planning). */
  serves(kind: string, target: RouteTarget): boolean {
    return this.serving(kind, target).length > 0;
  }

  /** The channels that carry messages of this kind to this network, in some province at least. */
  serving(kind: string, target: RouteTarget): readonly string[] {
    const key = `${kind}|${target}`;
    let ids = this.servingCache.get(key);
    if (!ids) {
      ids = [...this.channels.values()]
        .filter((channel) => this.carries(channel, kind, target, undefined))
        .map((channel) => channel.id);
      this.servingCache.set(key, ids);
    }
    return ids;
  }

  private compile(message: RoutableMessage, target: RouteTarget): CandidateGroup[] {
    const used = new Set<string>();
    const groups: CandidateGroup[] = [];
    const add = (key: string, source: CandidateGroup['source'], members: CandidateMember[]): void => {
      const fresh = members.filter((member) => !used.has(member.channelId));
      fresh.forEach((member) => used.add(member.channelId));
      if (fresh.length > 0) groups.push({ key, source, members: fresh });
    };
    for (const rule of this.rulesByTarget.get(target) ?? []) {
      if (!ruleMatches(rule, message)) continue;
      const members = rule.channels.flatMap(({ channelId, weight }) => {
        const channel = this.channels.get(channelId);
        if (!channel || !this.carries(channel, message.kind, target, message.province)) return [];
        return [{ channelId, weight: weight ?? channel.weight }];
      });
      add(rule.id, 'rule', members);
    }
    for (const [priority, members] of this.defaultLevels(message, target))
      add(`default:${target}:${priority}`, 'default', members);
    return groups;
  }

  private defaultLevels(message: RoutableMessage, target: RouteTarget): Array<[number, CandidateMember[]]> {
    const levels = new Map<number, CandidateMember[]>();
    for (const channel of this.channels.values()) {
      if (!this.carries(channel, message.kind, target, message.province)) continue;
      const level = levels.get(channel.priority) ?? [];
      level.push({ channelId: channel.id, weight: channel.weight });
      levels.set(channel.priority, level);
    }
    return [...levels.entries()]
      .sort(([a], [b]) => a - b)
      .map(([priority, members]) => [priority, members.sort((a, b) => cmp(a.channelId, b.channelId))]);
  }

  /** `province` undefined means "any province" (claim planning); null means the message's province is unknown. */
  private carries(
    channel: RoutingChannel,
    kind: string,
    target: RouteTarget,
    province: string | null | undefined,
  ): boolean {
    if (!channel.enabled || !channel.kinds.includes(kind)) return false;
    if (target === 'INTL' ? !channel.international : !channel.carriers.includes(target)) return false;
    if (channel.provinces === null || province === undefined) return true;
    return province !== null && channel.provinces.includes(province);
  }
}

function ruleMatches(rule: RouteRule, message: RoutableMessage): boolean {
  if (rule.accountId !== null && rule.accountId !== message.accountId) return false;
  if (rule.kind !== null && rule.kind !== message.kind) return false;
  return rule.province === null || rule.province === message.province;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
