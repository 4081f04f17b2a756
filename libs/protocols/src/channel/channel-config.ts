import type { ProtocolLogger } from '../session/protocol-logger';

export type ProtocolName = 'cmpp2' | 'cmpp3' | 'sgip' | 'smgp' | 'smpp';

export interface SgipReceiverConfig {
  host: string;
  port: number;
  /** Credentials the carrier's SMG presents when it binds to us with login type 2. */
  account: string;
  password: string;
}

export interface ChannelConfig {
  id: string;
  protocol: ProtocolName;
  host: string;
  port: number;
  /** CMPP Source_Addr / SGIP login name / SMGP ClientID / SMPP system_id. */
  account: string;
  password: string;
  spId?: string;
  serviceId?: string;
  /** Sender access number: Src_Id / SPNumber / SrcTermID / source_addr. */
  sourceNumber: string;
  /** The channel's extension code (扩展码), appended to sourceNumber before any per-message extension. */
  extensionCode?: string;
  connections?: number;
  window?: number;
  tps?: number;
  requestTimeoutMs?: number;
  keepAliveIntervalMs?: number;
  keepAliveMaxMissed?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** Send Chinese text as GBK (Msg_Fmt 15) on CMPP/SGIP/SMGP; never on SMPP, where 15 means Korean. */
  preferGbk?: boolean;
  /** Destination number format [UNVERIFIED per carrier]: national by default for CMPP/SMGP, with86 for SGIP. */
  destinationFormat?: 'national' | 'with86';
  sgip?: { nodeId: number; corpId: string; receiver?: SgipReceiverConfig };
  logger?: ProtocolLogger;
  /** How long a long inbound message may wait for missing parts before what arrived is emitted (default 60 s). */
  moReassemblyTimeoutMs?: number;
  /** Overrides the protocol's default set of submit result codes worth retrying. */
  retryableResultCodes?: number[];
  /**
   * Answer status reports only once the 'report' listener calls the ack passed with the event, i.e. after it
   * has stored the report; unanswered reports are resent by the carrier. Off by default (answered on receipt).
   */
  deferReportAck?: boolean;
  /**
   * Answer inbound messages (MO) only once the 'inbound' listener calls the ack passed with the event, i.e. after
   * it stored the reply; the parts of a long reply are all answered when the whole reply is. Off by default.
   */
  deferInboundAck?: boolean;
  /** Concatenation reference size in the UDH of long messages: 8-bit (IEI 0x00, default) or 16-bit (IEI 0x08). */
  concatReferenceBits?: 8 | 16;
}

export interface OutboundSms {
  reference: string;
  /** E.164, e.g. +8613800138000. */
  destination: string;
  sourceExtension?: string;
  text: string;
  requestReport: boolean;
  /** 0 (verification codes) overtakes 1 (notifications) overtakes 2 (marketing) while waiting for the window. */
  priority?: number;
}

export interface SegmentSubmitResult {
  index: number;
  total: number;
  ok: boolean;
  carrierMessageId?: string;
  /** The protocol's result code, or -1 when no response arrived (see `error`). */
  resultCode: number;
  retryable: boolean;
  /**
   * For local failures: `connection_lost` or `timeout` (written, unanswered: the gateway may have it),
   * `channel_closed` or `withdrawn` (never written), or a message.
   */
  error?: string;
}

export interface SubmitResult {
  reference: string;
  ok: boolean;
  segments: SegmentSubmitResult[];
}

export interface DeliveryReport {
  channelId: string;
  carrierMessageId: string;
  destination: string;
  stat: string;
  delivered: boolean;
  errorCode?: string;
  doneAt?: Date;
  receivedAt: Date;
}

export interface InboundSms {
  channelId: string;
  /** The channel's sender number with its own extension code, so a listener can tell a message's extension in `to`. */
  serviceNumber: string;
  from: string;
  to: string;
  text: string;
  receivedAt: Date;
  /** false when parts of a long message never arrived within the reassembly timeout and this is what did. */
  complete?: boolean;
}

export interface ChannelStateEvent {
  connection: number;
  state: string;
  detail?: string;
}

export interface ChannelStats {
  connections: number;
  ready: number;
  inFlight: number;
  /** Submits waiting for login, a window slot or a TPS token. */
  queued: number;
  /** Age of the oldest unanswered submit on the wire (0 when none). */
  oldestPendingMs: number;
  /** When any connection last got a submit answered (ms since the epoch, 0 never). */
  lastAnsweredAt: number;
  /** Connections let go by a resize, still finishing in-flight requests. */
  retiring: number;
}
