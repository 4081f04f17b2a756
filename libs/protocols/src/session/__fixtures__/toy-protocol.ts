import { FrameReader, ProtocolDecodeError, type PduCodec } from '../../core';
import type {
  FrameHandlers,
  FrameSink,
  InboundClassification,
  OutboundRequest,
  ProtocolDriver,
  SubmitOutcome,
  SubmitSegment,
  CarrierCoding,
} from '../protocol-driver';

/**
 * A deliberately tiny protocol (length, command, sequence, body) used to test ClientSession without any carrier
 * codec: it exercises exactly the driver contract and nothing else.
 */
export enum ToyCommand {
  Login = 1,
  LoginResp = 0x80000001,
  Ping = 2,
  PingResp = 0x80000002,
  Logout = 3,
  LogoutResp = 0x80000003,
  Submit = 4,
  SubmitResp = 0x80000004,
  Report = 5,
  ReportResp = 0x80000005,
}

export interface ToyPdu {
  command: ToyCommand;
  sequence: number;
  body: Buffer;
}

export const toyCodec: PduCodec<ToyPdu> = {
  protocol: 'toy',
  headerLength: 12,
  maxFrameLength: 4096,
  decode(frame) {
    const command = frame.readUInt32BE(4);
    if (!(command in ToyCommand)) throw new ProtocolDecodeError(`unknown command ${command}`, 'toy');
    return { command, sequence: frame.readUInt32BE(8), body: Buffer.from(frame.subarray(12)) };
  },
  encode(pdu) {
    const frame = Buffer.alloc(12 + pdu.body.length);
    frame.writeUInt32BE(frame.length, 0);
    frame.writeUInt32BE(pdu.command, 4);
    frame.writeUInt32BE(pdu.sequence, 8);
    pdu.body.copy(frame, 12);
    return frame;
  },
};

export function toyStatusBody(status: number): Buffer {
  const body = Buffer.alloc(4);
  body.writeUInt32BE(status, 0);
  return body;
}

export class ToyDriver implements ProtocolDriver<ToyPdu> {
  readonly protocol = 'toy';
  private sequence = 0;
  private reference = 0;

  constructor(private readonly password = 'secret') {}

  createReader(handlers: FrameHandlers<ToyPdu>): FrameSink {
    return new FrameReader(toyCodec, handlers);
  }

  encode(pdu: ToyPdu): Buffer {
    return toyCodec.encode(pdu);
  }

  login(): OutboundRequest<ToyPdu> {
    return this.request(ToyCommand.Login, Buffer.from(this.password));
  }

  loginOutcome(response: ToyPdu) {
    const status = response.body.readUInt32BE(0);
    return { ok: status === 0, status, detail: status === 0 ? 'ok' : 'bad credentials' };
  }

  keepAlive(): OutboundRequest<ToyPdu> {
    return this.request(ToyCommand.Ping, Buffer.alloc(0));
  }

  logout(): OutboundRequest<ToyPdu> {
    return this.request(ToyCommand.Logout, Buffer.alloc(0));
  }

  submit(segment: SubmitSegment): OutboundRequest<ToyPdu> {
    return this.request(ToyCommand.Submit, segment.content);
  }

  submitOutcome(response: ToyPdu): SubmitOutcome {
    const resultCode = response.body.readUInt32BE(0);
    return {
      ok: resultCode === 0,
      carrierMessageId: response.body.subarray(4).toString(),
      resultCode,
      retryable: resultCode === 8,
    };
  }

  classify(pdu: ToyPdu): InboundClassification<ToyPdu> {
    if (pdu.command & 0x80000000) return { kind: 'response', key: String(pdu.sequence) };
    const reply = (command: ToyCommand): ToyPdu => ({
      command,
      sequence: pdu.sequence,
      body: Buffer.alloc(0),
    });
    switch (pdu.command) {
      case ToyCommand.Ping:
        return { kind: 'keepAlive', reply: reply(ToyCommand.PingResp) };
      case ToyCommand.Logout:
        return { kind: 'logout', reply: reply(ToyCommand.LogoutResp) };
      case ToyCommand.Report: {
        const [id, stat] = pdu.body.toString().split('|');
        return {
          kind: 'report',
          report: { carrierMessageId: id, destination: '13800138000', stat, delivered: stat === 'DELIVRD' },
          reply: reply(ToyCommand.ReportResp),
        };
      }
      default:
        return { kind: 'other', description: `command ${pdu.command}` };
    }
  }

  nextConcatReference(): number {
    this.reference = (this.reference + 1) & 0xff;
    return this.reference;
  }

  supportsCoding(_coding: CarrierCoding): boolean {
    return true;
  }

  private request(command: ToyCommand, body: Buffer): OutboundRequest<ToyPdu> {
    this.sequence += 1;
    return { pdu: { command, sequence: this.sequence, body }, key: String(this.sequence) };
  }
}
