import { finalStatusFromStat } from '@tongdao/routing';
import { FinalizeRow, SegmentReportState } from './receipt.repository';

/**
 * A message is final once every segment has its report: delivered only if all segments were,
 * otherwise the first failing segment's carrier state decides.
 */
export function finalizeRows(states: SegmentReportState[]): FinalizeRow[] {
  const byMessage = new Map<string, SegmentReportState[]>();
  for (const state of states) {
    const list = byMessage.get(state.messageId) ?? [];
    list.push(state);
    byMessage.set(state.messageId, list);
  }
  const rows: FinalizeRow[] = [];
  for (const segments of byMessage.values()) {
    const first = segments[0]!;
    const reported = segments.filter((segment) => segment.stat !== null);
    if (reported.length < first.messageSegments || reported.length < segments.length) continue;
    const failed = reported.find((segment) => !segment.delivered);
    const status = failed ? finalStatusFromStat(failed.stat!, false) : 'DELIVERED';
    rows.push({
      id: first.messageId,
      createdAt: first.messageCreatedAt,
      status,
      errorCode: failed ? failed.stat : null,
      detail: {
        stats: reported.map((segment) => segment.stat),
        ...(failed?.reportError ? { error: failed.reportError } : {}),
      },
    });
  }
  return rows;
}
