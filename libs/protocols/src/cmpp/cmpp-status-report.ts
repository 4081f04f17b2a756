import { ByteReader, ByteWriter } from '../core';
import { CmppStatusReport } from './cmpp-pdu';
import { CMPP_STATUS_REPORT_LENGTH_V2, CMPP_STATUS_REPORT_LENGTH_V3, CmppLayout } from './cmpp-layout';

export function encodeCmppStatusReport(report: CmppStatusReport, layout: CmppLayout): Buffer {
  const w = new ByteWriter(layout.protocol, CMPP_STATUS_REPORT_LENGTH_V3);
  w.bytes(report.msgId, 'report.msgId', 8)
    .octets(report.stat, 7, 'report.stat')
    .octets(report.submitTime, 10, 'report.submitTime')
    .octets(report.doneTime, 10, 'report.doneTime')
    .octets(report.destTerminalId, layout.terminalIdSize, 'report.destTerminalId')
    .uint32(report.smscSequence, 'report.smscSequence');
  return w.toBuffer();
}

/**
 * The terminal id width follows the content length, not the link version: some ISMGs send 2.0-style
 * 60-byte reports on 3.0 links, and trailing bytes beyond a known layout are tolerated.
 */
export function decodeCmppStatusReport(content: Buffer, protocol: string): CmppStatusReport {
  const r = new ByteReader(content, protocol);
  if (content.length < CMPP_STATUS_REPORT_LENGTH_V2) {
    r.fail(
      `status report of ${content.length} bytes; expected ${CMPP_STATUS_REPORT_LENGTH_V2} or ${CMPP_STATUS_REPORT_LENGTH_V3}`,
    );
  }
  const terminalIdSize = content.length >= CMPP_STATUS_REPORT_LENGTH_V3 ? 32 : 21;
  return {
    msgId: r.bytes(8, 'report.msgId'),
    stat: r.octets(7, 'report.stat'),
    submitTime: r.octets(10, 'report.submitTime'),
    doneTime: r.octets(10, 'report.doneTime'),
    destTerminalId: r.octets(terminalIdSize, 'report.destTerminalId'),
    smscSequence: r.uint32('report.smscSequence'),
  };
}
