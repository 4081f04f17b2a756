import { MessageStatus } from '@tongdao/lifecycle';

/**
 * Report codes that say the number itself cannot receive (empty number 空号, stopped line 停机, unknown
 * subscriber), as opposed to a full inbox, a switched-off phone or a busy gateway, which are temporary. Vendor codes
 * differ by carrier and province; these are the ones field lists most often give for those causes, and operators
 * replace the list with COMPLIANCE_PERMANENT_FAILURE_CODES. Compared without case.
 */
export const DEFAULT_PERMANENT_FAILURE_CODES: readonly string[] = Object.freeze([
  'MK:0001',
  'MK:0012',
  'MN:0001',
  'MN:0011',
  'MI:0001',
  'MI:0011',
  'DB:0101',
  'EMPTY',
  'STOPPED',
]);

/** What a final event of a message says about its number. */
export interface FailureEvidence {
  status: MessageStatus;
  detail: Record<string, unknown> | null;
}

/**
 * The permanent failure code of a message's final event, or null when the failure was temporary (or it was
 * delivered). The event's detail carries each segment's report stat (`stats`) and the protocol's error field
 * (`error`); either may carry the code.
 */
export function permanentFailureCode(evidence: FailureEvidence, codes: ReadonlySet<string>): string | null {
  if (evidence.status !== MessageStatus.Undelivered && evidence.status !== MessageStatus.Rejected)
    return null;
  const detail = evidence.detail ?? {};
  const stats = Array.isArray(detail.stats) ? (detail.stats as unknown[]) : [];
  for (const stat of stats) {
    if (typeof stat === 'string' && codes.has(stat.trim().toUpperCase())) return stat.trim().toUpperCase();
  }
  const error = typeof detail.error === 'string' ? detail.error.trim().toUpperCase() : '';
  return error !== '' && codes.has(error) ? error : null;
}

export function permanentCodeSet(codes: readonly string[]): ReadonlySet<string> {
  return new Set(codes.map((code) => code.trim().toUpperCase()).filter((code) => code !== ''));
}
