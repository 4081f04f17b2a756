import { z } from 'zod';
import { normalizeProvince } from '../provinces/province';
import { MessageKind, RouteTarget } from '../route-types';

/**
 * An operator's routing rule: messages matching it (its target network, and its account, kind and province
 * where set) try its channels before the channels' own defaults. Several rules can match one message; the more
 * specific goes first: account-specific, then province-specific, then kind-specific, then carrier-wide, and
 * among equals the lower `priority`.
 */
export interface RouteRule {
  id: string;
  accountId: string | null;
  kind: MessageKind | null;
  target: RouteTarget;
  province: string | null;
  /** One group: these channels share the rule's traffic by weight (the channel's own weight unless given). */
  channels: Array<{ channelId: string; weight?: number }>;
  priority: number;
  enabled: boolean;
  description: string | null;
}

const province = z
  .string()
  .nullable()
  .transform((value, context) => {
    if (value === null) return null;
    const short = normalizeProvince(value);
    if (!short) context.addIssue({ code: 'custom', message: `unknown province ${value}` });
    return short;
  });

export const routeRuleInputSchema = z
  .object({
    accountId: z.uuid().nullable().default(null),
    kind: z.enum(['verification', 'notification', 'marketing']).nullable().default(null),
    target: z.enum(['CMCC', 'CUCC', 'CTCC', 'CBN', 'INTL']),
    province: province.default(null),
    channels: z
      .array(
        z
          .object({
            channelId: z.string().min(1).max(63),
            weight: z.number().int().min(1).max(10_000).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(64)
      .superRefine((channels, context) => {
        const seen = new Set<string>();
        channels.forEach((channel, index) => {
          if (seen.has(channel.channelId))
            context.addIssue({ code: 'custom', message: 'listed twice', path: [index, 'channelId'] });
          seen.add(channel.channelId);
        });
      }),
    priority: z.number().int().min(0).max(1000).default(100),
    enabled: z.boolean().default(true),
    description: z.string().max(500).nullable().default(null),
  })
  .strict();

export type RouteRuleInput = z.input<typeof routeRuleInputSchema>;

/** How specific a rule is: account beats province beats kind; a carrier-wide rule scores 0. */
export function ruleSpecificity(rule: Pick<RouteRule, 'accountId' | 'province' | 'kind'>): number {
  return (rule.accountId ? 4 : 0) + (rule.province ? 2 : 0) + (rule.kind ? 1 : 0);
}
