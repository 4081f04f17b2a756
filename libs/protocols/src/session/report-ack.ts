/**
 * Acknowledges a status report to the carrier. With `deferReportAck` the session answers the
 * DELIVER/REPORT only when this is called, after the report is stored: a carrier resends reports
 * it never got an answer for, so a crash before storing loses nothing.
 */
export type ReportAck = () => void;

export const ACKNOWLEDGED: ReportAck = () => undefined;

/** An ack that writes `reply` once, and only while the connection that received the report is still open. */
export function onceAck(send: () => boolean): ReportAck {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    send();
  };
}
