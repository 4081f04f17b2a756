import { ProtocolDecodeError, ProtocolEncodeError, type PduCodec } from '../core';
import type { SmppPdu } from './smpp-pdu';

interface SmppPackagePdu {
  command: string;
  command_status: number;
  sequence_number: number;
  fromBuffer(buffer: Buffer): void;
  toBuffer(): Buffer;
  _filter(direction: string): void;
}

interface SmppPackagePduClass {
  new (command: string, options?: Record<string, unknown>): SmppPackagePdu;
  prototype: SmppPackagePdu;
}

// The package ships no type declarations; only its PDU class is used, as a codec: the session layer is ours.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDU } = require('smpp/lib/pdu') as { PDU: SmppPackagePduClass };

export const SMPP_HEADER_LENGTH = 16;
/** The package's own ceiling (PDU.maxLength); a short_message is at most 254 octets, payloads a few KiB. */
export const SMPP_MAX_FRAME_LENGTH = 16_384;

const noTextFilters = (): void => undefined;

/**
 * C-Octet String sizes of SMPP 3.4 (§5.2), the terminating NUL included: a value holds one octet less. The package
 * writes whatever it is given, so the codec refuses an over-long value instead of putting it on the wire.
 */
export const SMPP_C_OCTET_STRING_SIZES: Readonly<Record<string, number>> = {
  system_id: 16,
  password: 9,
  system_type: 13,
  address_range: 41,
  service_type: 6,
  source_addr: 21,
  destination_addr: 21,
  schedule_delivery_time: 17,
  validity_period: 17,
  message_id: 65,
  final_date: 17,
  esme_addr: 65,
};

/**
 * SMPP 3.4 codec over the `smpp` package's PDU class. Decoding skips the package's text filters so message
 * bodies arrive as raw bytes: reassembly and coding decisions (0x0F is Korean, not GBK) stay with us.
 */
export class SmppCodec implements PduCodec<SmppPdu> {
  readonly protocol = 'smpp';
  readonly headerLength = SMPP_HEADER_LENGTH;
  readonly maxFrameLength = SMPP_MAX_FRAME_LENGTH;

  decode(frame: Buffer): SmppPdu {
    const raw = Object.create(PDU.prototype) as SmppPackagePdu;
    raw._filter = noTextFilters;
    try {
      raw.fromBuffer(frame);
    } catch (error) {
      throw new ProtocolDecodeError((error as Error).message, this.protocol);
    }
    return toPlain(raw);
  }

  /**
   * The body is encoded whatever the command_status: the package drops it when the status is not 0, which leaves a
   * bind_*_resp without its system_id (a C-Octet String of at least its NUL) and a submit_sm_resp without its
   * message_id, so a strict peer cannot parse the rejection.
   */
  encode(pdu: SmppPdu): Buffer {
    const { command, command_status: status, ...fields } = pdu;
    checkCOctetStrings(fields, this.protocol);
    let buffer: Buffer;
    try {
      buffer = new PDU(command, fields).toBuffer();
    } catch (error) {
      throw new ProtocolEncodeError((error as Error).message, this.protocol, command);
    }
    if (status) buffer.writeUInt32BE(status >>> 0, 8);
    return buffer;
  }
}

function checkCOctetStrings(fields: Record<string, unknown>, protocol: string): void {
  for (const [field, value] of Object.entries(fields)) {
    const size = SMPP_C_OCTET_STRING_SIZES[field];
    if (size === undefined || typeof value !== 'string') continue;
    if (value.length >= size || value.includes('\0'))
      throw new ProtocolEncodeError(
        `"${field === 'password' ? '…' : value}" does not fit a C-Octet String of ${size} octets (${size - 1} + NUL)`,
        protocol,
        field,
      );
  }
}

function toPlain(raw: SmppPackagePdu): SmppPdu {
  const plain: SmppPdu = {
    command: raw.command,
    command_status: raw.command_status,
    sequence_number: raw.sequence_number,
  };
  for (const [key, value] of Object.entries(raw)) {
    if (key !== '_filter') plain[key] = value;
  }
  return plain;
}

export function createSmppCodec(): SmppCodec {
  return new SmppCodec();
}
