import { parseUdh } from '@tongdao/sms';
import { DecodedSegment } from '../text/segment-text';
import { SmppMessageField, SmppPdu } from './smpp-module';

function asText(message: string | Buffer): string {
  return typeof message === 'string' ? message : message.toString('latin1');
}

/** node-smpp hands over the UDH as a list of information elements without the UDHL octet; rebuild it to parse. */
function concatFromElements(
  elements: Buffer[],
): Pick<DecodedSegment, 'segmentIndex' | 'segmentTotal' | 'concatReference'> {
  const body = Buffer.concat(elements);
  const udh = parseUdh(Buffer.concat([Buffer.from([body.length]), body]));
  if (!udh?.concat) return { segmentIndex: 1, segmentTotal: 1, concatReference: null };
  return {
    segmentIndex: udh.concat.index,
    segmentTotal: udh.concat.total,
    concatReference: udh.concat.reference,
  };
}

function fieldSegment(field: SmppMessageField): DecodedSegment {
  if (typeof field === 'string' || Buffer.isBuffer(field)) {
    return { text: asText(field), segmentIndex: 1, segmentTotal: 1, concatReference: null };
  }
  const concat = field.udh?.length
    ? concatFromElements(field.udh)
    : { segmentIndex: 1, segmentTotal: 1, concatReference: null };
  return { text: asText(field.message), ...concat };
}

function isEmpty(field: SmppMessageField | undefined): boolean {
  if (field === undefined) return true;
  if (typeof field === 'string' || Buffer.isBuffer(field)) return field.length === 0;
  return field.message.length === 0 && !field.udh?.length;
}

/** Text and concatenation info of a submit_sm; node-smpp has already decoded it by data_coding. */
export function smppSubmitSegment(pdu: SmppPdu): DecodedSegment {
  const field =
    isEmpty(pdu.short_message) && pdu.message_payload !== undefined ? pdu.message_payload : pdu.short_message;
  return field === undefined
    ? { text: '', segmentIndex: 1, segmentTotal: 1, concatReference: null }
    : fieldSegment(field);
}
