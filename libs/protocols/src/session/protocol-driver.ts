import type { WireCoding } from '@tongdao/sms';

/** Codings this layer sends text in; names match @tongdao/sms WireCoding. */
export type CarrierCoding = 'ASCII' | 'UCS2' | 'GBK';

/** A request ready for the wire plus the key its response will be matched by. */
export interface OutboundRequest<P> {
  pdu: P;
  key: string;
}

export interface LoginOutcome {
  ok: boolean;
  status: number;
  detail: string;
}

/** One wire segment of an outbound message, with addresses already formatted for the protocol. */
export interface SubmitSegment {
  destination: string;
  source: string;
  coding: CarrierCoding;
  /** Wire content: the UDH (when `udhi`) followed by the encoded body, as built by @tongdao/sms buildWireSegments. */
  content: Buffer;
  udhi: boolean;
  index: number;
  total: number;
  requestReport: boolean;
  /** Queue lane while waiting for a window slot or TPS token: 0 (verification codes) is served first. */
  priority?: number;
}

export interface SubmitOutcome {
  ok: boolean;
  /** Normalised id later quoted by status reports (CMPP uint64 decimal, SMGP 20 digits, SGIP node-time-seq, SMPP as sent). */
  carrierMessageId?: string;
  resultCode: number;
  retryable: boolean;
}

export interface StatusReportInfo {
  carrierMessageId: string;
  destination: string;
  stat: string;
  delivered: boolean;
  errorCode?: string;
  doneAt?: Date;
}

/** One inbound (MO) wire segment; `content` still carries the UDH when `udhi` is set. */
export interface MoSegment {
  from: string;
  to: string;
  coding: WireCoding;
  udhi: boolean;
  content: Buffer;
}

export type InboundClassification<P> =
  | { kind: 'response'; key: string }
  | { kind: 'keepAlive'; reply: P }
  | { kind: 'logout'; reply: P }
  | { kind: 'report'; report: StatusReportInfo; reply: P }
  | { kind: 'message'; message: MoSegment; reply: P }
  | { kind: 'other'; description: string; reply?: P };

export interface FrameHandlers<P> {
  onPdu(pdu: P): void;
  onError(error: Error): void;
}

export interface FrameSink {
  push(chunk: Buffer): void;
}

/**
 * Everything protocol-specific a ClientSession needs. One driver instance belongs to one connection slot:
 * it owns that slot's sequence numbers and long-message reference counter.
 */
export interface ProtocolDriver<P> {
  readonly protocol: string;
  createReader(handlers: FrameHandlers<P>): FrameSink;
  encode(pdu: P): Buffer;
  login(): OutboundRequest<P>;
  loginOutcome(response: P): LoginOutcome;
  /** Undefined for protocols without a link test (SGIP): the session then relies on TCP and reconnects. */
  keepAlive(): OutboundRequest<P> | undefined;
  logout(): OutboundRequest<P>;
  submit(segment: SubmitSegment): OutboundRequest<P>;
  submitOutcome(response: P, request: OutboundRequest<P>): SubmitOutcome;
  classify(pdu: P): InboundClassification<P>;
  /** Next concatenation reference for a long message on this connection. */
  nextConcatReference(): number;
  /** Whether the protocol can carry this coding at all (SMPP cannot send GBK). */
  supportsCoding(coding: CarrierCoding): boolean;
}
