import type { WireCoding } from '@tongdao/sms';
import { FrameReader, SequenceGenerator } from '../core';
import type {
  CarrierCoding,
  FrameHandlers,
  FrameSink,
  InboundClassification,
  LoginOutcome,
  OutboundRequest,
  ProtocolDriver,
  StatusReportInfo,
  SubmitOutcome,
  SubmitSegment,
} from '../session/protocol-driver';
import {
  SMPP_ESM_DELIVERY_RECEIPT,
  SMPP_ESM_MESSAGE_TYPE_MASK,
  SMPP_ESM_UDHI,
  SMPP_INTERFACE_VERSION,
  SmppDataCoding,
  SmppStatus,
  createSmppCodec,
  parseSmppReceipt,
  SMPP_MESSAGE_STATES,
  type SmppPdu,
} from '../smpp';
import { parseCarrierTime } from './carrier-time';
import { ConcatReferenceCounter } from './concat-reference-counter';

export interface SmppDriverOptions {
  /** system_id */
  account: string;
  password: string;
  systemType?: string;
  retryableResultCodes?: readonly number[];
  /** UDH concatenation reference size for long messages (default 8). */
  concatReferenceBits?: 8 | 16;
}

export const SMPP_DEFAULT_RETRYABLE_RESULTS: readonly number[] = [
  SmppStatus.systemError,
  SmppStatus.messageQueueFull,
  SmppStatus.throttled,
  SmppStatus.temporaryAppError,
];

const BIND_STATUS_TEXT: Record<number, string> = {
  [SmppStatus.ok]: 'ok',
  [SmppStatus.alreadyBound]: 'already bound',
  [SmppStatus.bindFailed]: 'bind failed',
  [SmppStatus.invalidPassword]: 'invalid password',
  [SmppStatus.invalidSystemId]: 'invalid system_id',
};

const TON_INTERNATIONAL = 1;
const TON_NETWORK_SPECIFIC = 3;
const NPI_ISDN = 1;
/** Sender numbers this short are service codes rather than full numbers. */
const SHORT_CODE_MAX_LENGTH = 8;

/** SMPP 3.4 ESME driver (aggregators), bound as a transceiver so receipts and MO share the link. */
export class SmppDriver implements ProtocolDriver<SmppPdu> {
  readonly protocol = 'smpp';
  private readonly codec = createSmppCodec();
  private readonly sequences = new SequenceGenerator();
  private readonly references: ConcatReferenceCounter;
  private readonly retryable: ReadonlySet<number>;

  constructor(private readonly options: SmppDriverOptions) {
    this.references = new ConcatReferenceCounter(options.concatReferenceBits ?? 8);
    this.retryable = new Set(options.retryableResultCodes ?? SMPP_DEFAULT_RETRYABLE_RESULTS);
  }

  createReader(handlers: FrameHandlers<SmppPdu>): FrameSink {
    return new FrameReader(this.codec, handlers);
  }

  encode(pdu: SmppPdu): Buffer {
    return this.codec.encode(pdu);
  }

  login(): OutboundRequest<SmppPdu> {
    return this.request('bind_transceiver', {
      system_id: this.options.account,
      password: this.options.password,
      system_type: this.options.systemType ?? '',
      interface_version: SMPP_INTERFACE_VERSION,
      addr_ton: 0,
      addr_npi: 0,
      address_range: '',
    });
  }

  loginOutcome(response: SmppPdu): LoginOutcome {
    const status = response.command === 'bind_transceiver_resp' ? response.command_status : -1;
    return {
      ok: status === SmppStatus.ok,
      status,
      detail: BIND_STATUS_TEXT[status] ?? `status 0x${status.toString(16)}`,
    };
  }

  keepAlive(): OutboundRequest<SmppPdu> {
    return this.request('enquire_link', {});
  }

  logout(): OutboundRequest<SmppPdu> {
    return this.request('unbind', {});
  }

  submit(segment: SubmitSegment): OutboundRequest<SmppPdu> {
    const shortCode = segment.source.length <= SHORT_CODE_MAX_LENGTH;
    return this.request('submit_sm', {
      service_type: '',
      source_addr_ton: shortCode ? TON_NETWORK_SPECIFIC : TON_INTERNATIONAL,
      source_addr_npi: shortCode ? 0 : NPI_ISDN,
      source_addr: segment.source,
      dest_addr_ton: TON_INTERNATIONAL,
      dest_addr_npi: NPI_ISDN,
      destination_addr: segment.destination,
      esm_class: segment.udhi ? SMPP_ESM_UDHI : 0,
      protocol_id: 0,
      priority_flag: 0,
      schedule_delivery_time: '',
      validity_period: '',
      registered_delivery: segment.requestReport ? 1 : 0,
      replace_if_present_flag: 0,
      data_coding: smppDataCoding(segment.coding),
      sm_default_msg_id: 0,
      short_message: segment.content,
    });
  }

  submitOutcome(response: SmppPdu): SubmitOutcome {
    const status = response.command_status;
    const ok = response.command === 'submit_sm_resp' && status === SmppStatus.ok;
    const messageId =
      typeof response.message_id === 'string' && response.message_id ? response.message_id : undefined;
    return { ok, carrierMessageId: messageId, resultCode: status, retryable: this.retryable.has(status) };
  }

  classify(pdu: SmppPdu): InboundClassification<SmppPdu> {
    const sequence = pdu.sequence_number;
    switch (pdu.command) {
      case 'enquire_link':
        return { kind: 'keepAlive', reply: response('enquire_link_resp', sequence) };
      case 'unbind':
        return { kind: 'logout', reply: response('unbind_resp', sequence) };
      case 'deliver_sm':
        return this.classifyDeliver(pdu);
      case 'unknown':
        return {
          kind: 'other',
          description: 'unknown command',
          reply: response('generic_nack', sequence, SmppStatus.invalidCommandId),
        };
      default:
        if ((pdu.command_id ?? 0) & 0x80000000) return { kind: 'response', key: String(sequence) };
        return { kind: 'other', description: pdu.command };
    }
  }

  nextConcatReference(): number {
    return this.references.next();
  }

  /** data_coding 15 is Korean in SMPP: GBK cannot be carried, Chinese goes as UCS2. */
  supportsCoding(coding: CarrierCoding): boolean {
    return coding !== 'GBK';
  }

  private classifyDeliver(pdu: SmppPdu): InboundClassification<SmppPdu> {
    const reply = response('deliver_sm_resp', pdu.sequence_number, SmppStatus.ok, { message_id: '' });
    const esmClass = Number(pdu.esm_class ?? 0);
    const body = messageBody(pdu);
    if ((esmClass & SMPP_ESM_MESSAGE_TYPE_MASK) === SMPP_ESM_DELIVERY_RECEIPT) {
      const report = smppReport(pdu, body);
      if (report) return { kind: 'report', reply, report };
      return { kind: 'other', description: 'unparseable delivery receipt', reply };
    }
    return {
      kind: 'message',
      reply,
      message: {
        from: String(pdu.source_addr ?? ''),
        to: String(pdu.destination_addr ?? ''),
        coding: codingOfSmppDataCoding(Number(pdu.data_coding ?? 0)),
        udhi: (esmClass & SMPP_ESM_UDHI) !== 0,
        content: body,
      },
    };
  }

  private request(command: string, fields: Record<string, unknown>): OutboundRequest<SmppPdu> {
    const sequence = this.sequences.next();
    return {
      pdu: { command, command_status: 0, sequence_number: sequence, ...fields },
      key: String(sequence),
    };
  }
}

function response(command: string, sequence: number, status: number = SmppStatus.ok, fields = {}): SmppPdu {
  return { command, command_status: status, sequence_number: sequence, ...fields };
}

function messageBody(pdu: SmppPdu): Buffer {
  const short = pdu.short_message;
  if (Buffer.isBuffer(short) && short.length > 0) return short;
  return Buffer.isBuffer(pdu.message_payload) ? pdu.message_payload : Buffer.alloc(0);
}

/** The receipted_message_id and message_state TLVs win over the receipt text, which SMSCs format loosely. */
function smppReport(pdu: SmppPdu, body: Buffer): StatusReportInfo | null {
  const receipt = parseSmppReceipt(body.toString('latin1'));
  const tlvId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : undefined;
  const tlvState = typeof pdu.message_state === 'number' ? SMPP_MESSAGE_STATES[pdu.message_state] : undefined;
  const id = tlvId || receipt?.id;
  const stat = tlvState ?? receipt?.stat;
  if (!id || !stat) return null;
  return {
    carrierMessageId: id,
    destination: String(pdu.source_addr ?? ''),
    stat,
    delivered: stat === 'DELIVRD',
    errorCode: receipt?.err,
    doneAt: receipt?.doneDate ? parseCarrierTime(receipt.doneDate) : undefined,
  };
}

function smppDataCoding(coding: CarrierCoding): number {
  switch (coding) {
    case 'ASCII':
      return SmppDataCoding.ia5;
    case 'UCS2':
      return SmppDataCoding.ucs2;
    case 'GBK':
      throw new RangeError('SMPP cannot carry GBK: data_coding 15 means Korean (KS C 5601)');
  }
}

function codingOfSmppDataCoding(dataCoding: number): WireCoding {
  switch (dataCoding) {
    case SmppDataCoding.smscDefault:
      return 'GSM7';
    case SmppDataCoding.ia5:
      return 'ASCII';
    case SmppDataCoding.latin1:
      return 'LATIN1';
    case SmppDataCoding.ucs2:
      return 'UCS2';
    default:
      return 'BINARY';
  }
}
