import { RowQueryRunner } from './query-rows';
import {
  AccountEntity,
  ApiKeyEntity,
  IdempotencyKeyEntity,
  MessageCarrierRefEntity,
  MessageEntity,
  MessageEventEntity,
  NumberDataStateEntity,
  NumberOverrideImportEntity,
  NumberPortabilityOverrideEntity,
  NumberPrefixImportEntity,
  SignatureEntity,
  TemplateEntity,
} from './entities';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';
import { DispatchReceipts1763900000000 } from './migrations/1763900000000-dispatch-receipts';
import { MessageLifecycle1764000000000 } from './migrations/1764000000000-message-lifecycle';
import { ReceiptExpiry1764000100000 } from './migrations/1764000100000-receipt-expiry';
import { NumberData1764100000000 } from './migrations/1764100000000-number-data';
import { ChannelsAndRoutes1764150000000 } from './migrations/1764150000000-channels-and-routes';
import { Resellers1764500000000 } from './migrations/1764500000000-resellers';
import { WebhooksAndReplies1764600000000 } from './migrations/1764600000000-webhooks-and-replies';
import { ShortLinks1764700000000 } from './migrations/1764700000000-short-links';
import { LinkAttribution1764710000000 } from './migrations/1764710000000-link-attribution';
import { Compliance1764720000000 } from './migrations/1764720000000-compliance';
import { ComplianceState1764730000000 } from './migrations/1764730000000-compliance-state';

/** Explicit lists (the build is webpack, so no globs). */
export const ENTITIES = [
  AccountEntity,
  ApiKeyEntity,
  SignatureEntity,
  TemplateEntity,
  MessageEntity,
  MessageEventEntity,
  MessageCarrierRefEntity,
  IdempotencyKeyEntity,
  NumberDataStateEntity,
  NumberPrefixImportEntity,
  NumberPortabilityOverrideEntity,
  NumberOverrideImportEntity,
];

export const MIGRATIONS = [
  InitialSchema1763800000000,
  DispatchReceipts1763900000000,
  MessageLifecycle1764000000000,
  ReceiptExpiry1764000100000,
  NumberData1764100000000,
  ChannelsAndRoutes1764150000000,
  Resellers1764500000000,
  WebhooksAndReplies1764600000000,
  ShortLinks1764700000000,
  LinkAttribution1764710000000,
  Compliance1764720000000,
  ComplianceState1764730000000,
];

/**
 * Makes sure the monthly partitions of `messages` and `message_events` exist for this month and the next
 * `monthsAhead` months, so rows never land in the DEFAULT partition. The dispatcher calls this periodically.
 */
export async function ensureMessagePartitions(runner: RowQueryRunner, monthsAhead: number): Promise<number> {
  const rows = (await runner.query('SELECT ensure_message_partitions($1) AS created', [
    monthsAhead,
  ])) as Array<{
    created: number;
  }>;
  return Number(rows[0]?.created ?? 0);
}
