/** What a report webhook and the pull API say about one status change (field names follow Aliyun's receipts). */
export interface ReportEventView {
  event_id: string;
  type: 'report';
  message_id: string;
  client_ref: string | null;
  account_id: string;
  batch_id: string | null;
  phone_number: string;
  status: string;
  /** true once delivered, false once failed for good, null while the message is on its way. */
  success: boolean | null;
  /** The carrier's report stat (DELIVRD, UNDELIV, MK:0001, …) when a report decided this status. */
  carrier_stat: string | null;
  err_code: string | null;
  err_msg: string | null;
  segments: number;
  carrier: string | null;
  occurred_at: string;
  send_time: string | null;
  report_time: string | null;
}

/** The fields of an outbox event the views need (OutboxEvent from @tongdao/database fits). */
export interface ReportSource {
  messageId: string;
  accountId: string;
  batchId: string | null;
  status: string;
  occurredAt: Date;
  detail: Record<string, unknown> | null;
  phone: string;
  clientRef: string | null;
  segments: number;
  carrier: string | null;
  submittedAt: Date | null;
}

const REPORTED = new Set(['DELIVERED', 'UNDELIVERED', 'EXPIRED', 'REJECTED']);
const FAILED = new Set(['UNDELIVERED', 'EXPIRED', 'REJECTED', 'FAILED']);

export function reportEventView(eventId: string, source: ReportSource): ReportEventView {
  const detail = source.detail ?? {};
  const stat = REPORTED.has(source.status) ? carrierStat(detail) : null;
  const reason = typeof detail.reason === 'string' ? detail.reason : null;
  return {
    event_id: eventId,
    type: 'report',
    message_id: source.messageId,
    client_ref: source.clientRef,
    account_id: source.accountId,
    batch_id: source.batchId,
    phone_number: source.phone,
    status: source.status,
    success: source.status === 'DELIVERED' ? true : FAILED.has(source.status) ? false : null,
    carrier_stat: stat,
    err_code: source.status === 'DELIVERED' ? null : (stat ?? reason),
    err_msg:
      typeof detail.detail === 'string'
        ? detail.detail
        : typeof detail.error === 'string'
          ? detail.error
          : null,
    segments: source.segments,
    carrier: source.carrier,
    occurred_at: source.occurredAt.toISOString(),
    send_time: source.submittedAt ? source.submittedAt.toISOString() : null,
    report_time: REPORTED.has(source.status) ? source.occurredAt.toISOString() : null,
  };
}

/** The stat that decided: the first failing segment's, else DELIVRD. */
function carrierStat(detail: Record<string, unknown>): string | null {
  const stats = Array.isArray(detail.stats) ? detail.stats.filter((stat) => typeof stat === 'string') : [];
  if (stats.length === 0) return null;
  return stats.find((stat) => stat.trim().toUpperCase() !== 'DELIVRD') ?? stats[0]!;
}
