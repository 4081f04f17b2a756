/**
 * The fields of an outbox event (`OutboxEvent` in apps/worker/src/outbox, see COORDINATION.md) that settlement
 * reads. Declared as a subset so that the consumer accepts the framework's events as they are.
 */
export interface SettlementEvent {
  messageId: string;
  messageCreatedAt: Date;
  accountId: string;
  batchId: string | null;
  status: string;
  kind: string;
  segments: number;
  carrier: string | null;
  province: string | null;
  submittedAt: Date | null;
}
