import { MessageStatus } from './message-status';

export type ReportStatus =
  MessageStatus.Delivered | MessageStatus.Undelivered | MessageStatus.Expired | MessageStatus.Rejected;

/** A carrier's stat (SMPP-style DELIVRD/UNDELIV/EXPIRED/REJECTD, or a vendor code such as MK:0001) as a status. */
export function statusFromReport(stat: string, delivered: boolean): ReportStatus {
  if (delivered) return MessageStatus.Delivered;
  switch (stat.trim().toUpperCase()) {
    case 'EXPIRED':
      return MessageStatus.Expired;
    case 'REJECTD':
    case 'REJECTED':
      return MessageStatus.Rejected;
    default:
      return MessageStatus.Undelivered;
  }
}

export interface SegmentReport {
  segmentIndex: number;
  /** null while that segment has no report yet. */
  stat: string | null;
  delivered: boolean | null;
  error?: string | null;
}

export interface MessageReportOutcome {
  status: ReportStatus;
  /** The failing segment's raw stat (kept as the message's error code), or null when delivered. */
  errorCode: string | null;
  detail: { stats: string[]; error?: string };
}

/**
 * A message is final once every one of its `segments` has reported: DELIVERED only if all were delivered, otherwise
 * the first failing segment decides. Returns null while reports are missing.
 */
export function outcomeOfSegments(
  segments: number,
  reports: readonly SegmentReport[],
): MessageReportOutcome | null {
  const reported = reports.filter((report) => report.stat !== null);
  if (reported.length < segments || reported.length < reports.length) return null;
  const ordered = [...reported].sort((a, b) => a.segmentIndex - b.segmentIndex);
  const failed = ordered.find((report) => !report.delivered);
  const stats = ordered.map((report) => report.stat!);
  if (!failed) return { status: MessageStatus.Delivered, errorCode: null, detail: { stats } };
  return {
    status: statusFromReport(failed.stat!, false),
    errorCode: failed.stat,
    detail: failed.error ? { stats, error: failed.error } : { stats },
  };
}

/** A one-segment message's outcome: its only report decides it (the same rule as outcomeOfSegments). */
export function outcomeOfReport(
  stat: string,
  delivered: boolean,
  error?: string | null,
): MessageReportOutcome {
  return outcomeOfSegments(1, [{ segmentIndex: 0, stat, delivered, error }])!;
}
