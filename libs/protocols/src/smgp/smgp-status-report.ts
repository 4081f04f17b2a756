import { ByteReader, ByteWriter } from '../core';
import { SmgpStatusReport } from './smgp-pdu';

type TextField = Exclude<keyof SmgpStatusReport, 'msgId'>;

/** Label and width of each text field after "id:" + 10 raw MsgID bytes. */
const TEXT_FIELDS: ReadonlyArray<readonly [string, number, TextField]> = [
  [' sub:', 3, 'sub'],
  [' dlvrd:', 3, 'dlvrd'],
  [' submit date:', 10, 'submitDate'],
  [' done date:', 10, 'doneDate'],
  [' stat:', 7, 'stat'],
  [' err:', 3, 'err'],
  [' text:', 20, 'text'],
];
const ID_LABEL = 'id:';
const ID_LABEL_BYTES = Buffer.from(ID_LABEL, 'latin1');
const LABEL_BYTES = TEXT_FIELDS.map(([label]) => Buffer.from(label, 'latin1'));
const MSG_ID_LENGTH = 10;
export const SMGP_STATUS_REPORT_LENGTH = 122;
const TEXT_LENGTH = 20;
/** Everything up to and including the " text:" label; gateways vary in how much text they send after it. */
const MIN_REPORT_LENGTH = SMGP_STATUS_REPORT_LENGTH - TEXT_LENGTH;

export function encodeSmgpStatusReport(report: SmgpStatusReport): Buffer {
  const w = new ByteWriter('smgp', SMGP_STATUS_REPORT_LENGTH);
  w.bytes(ID_LABEL_BYTES, 'report.label').bytes(report.msgId, 'report.msgId', MSG_ID_LENGTH);
  TEXT_FIELDS.forEach(([, size, field], i) =>
    w.bytes(LABEL_BYTES[i], 'report.label').octets(report[field], size, field),
  );
  return w.toBuffer();
}

/** Parsed by fixed offsets; labels are not checked because gateways differ in their spelling and case. */
export function decodeSmgpStatusReport(content: Buffer): SmgpStatusReport {
  const r = new ByteReader(content, 'smgp');
  if (content.length < MIN_REPORT_LENGTH) {
    r.fail(`status report of ${content.length} bytes; expected ${SMGP_STATUS_REPORT_LENGTH}`);
  }
  r.skip(ID_LABEL.length, 'report.label');
  const report = { msgId: r.bytes(MSG_ID_LENGTH, 'report.msgId') } as SmgpStatusReport;
  for (const [label, size, field] of TEXT_FIELDS) {
    r.skip(label.length, 'report.label');
    report[field] = r.octets(Math.min(size, r.remaining), `report.${field}`);
  }
  return report;
}
