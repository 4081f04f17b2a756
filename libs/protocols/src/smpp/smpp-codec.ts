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

  encode(pdu: SmppPdu): Buffer {
    const { command, ...fields } = pdu;
    try {
      return new PDU(command, fields).toBuffer();
    } catch (error) {
      throw new ProtocolEncodeError((error as Error).message, this.protocol, command);
    }
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
