import {
  LongMessageReassembler,
  decodeText,
  parseUdh,
  type ReassembledMessage,
  type WireCoding,
} from '@tongdao/sms';
import type { MoSegment } from '../session/protocol-driver';
import { ACKNOWLEDGED, type ReportAck } from '../session/report-ack';

export interface AssembledInbound {
  from: string;
  to: string;
  text: string;
  complete: boolean;
}

interface PartMeta {
  from: string;
  to: string;
  coding: WireCoding;
}

/**
 * Turns inbound wire segments, from any connection of a channel, into whole texts. Parts may come out of order;
 * when some never arrive, what did arrive is emitted once the timeout passes. Each part's carrier acknowledgement
 * is held until the whole message is handed on, and the listener answers them all at once (after storing it).
 */
export class InboundAssembler {
  private readonly reassembler: LongMessageReassembler<PartMeta>;
  private readonly acks = new Map<string, ReportAck[]>();
  private singles = 0;

  constructor(
    timeoutMs: number,
    private readonly onMessage: (message: AssembledInbound, ack: ReportAck) => void,
    onError: (error: unknown) => void,
  ) {
    this.reassembler = new LongMessageReassembler<PartMeta>({
      timeoutMs,
      onComplete: (message) => this.onMessage(this.toInbound(message), this.takeAcks(message.key)),
      onError,
    });
  }

  push(segment: MoSegment, ack: ReportAck = ACKNOWLEDGED): void {
    const meta: PartMeta = { from: segment.from, to: segment.to, coding: segment.coding };
    const udh = segment.udhi ? parseUdh(segment.content) : null;
    if (udh?.concat) {
      const { reference, total, index } = udh.concat;
      const body = segment.content.subarray(udh.headerLength);
      this.pushPart(`${segment.from}|${segment.to}|${reference}`, { total, index, body, meta }, ack);
      return;
    }
    const body = udh ? segment.content.subarray(udh.headerLength) : segment.content;
    this.singles = (this.singles + 1) % Number.MAX_SAFE_INTEGER;
    this.pushPart(`single|${this.singles}`, { total: 1, index: 1, body, meta }, ack);
  }

  /** The ack waits with its message; a part that was not taken (a duplicate) is answered at once. */
  private pushPart(
    key: string,
    part: { total: number; index: number; body: Buffer; meta: PartMeta },
    ack: ReportAck,
  ): void {
    const waiting = this.acks.get(key) ?? [];
    waiting.push(ack);
    this.acks.set(key, waiting);
    if (this.reassembler.push(key, part)) return;
    const left = this.acks.get(key);
    const index = left ? left.lastIndexOf(ack) : -1;
    if (left && index >= 0) left.splice(index, 1);
    if (left && left.length === 0) this.acks.delete(key);
    ack();
  }

  private takeAcks(key: string): ReportAck {
    const waiting = this.acks.get(key) ?? [];
    this.acks.delete(key);
    if (waiting.length === 1) return waiting[0]!;
    return () => waiting.forEach((ack) => ack());
  }

  /** Emits anything still incomplete and stops the timeout sweep. */
  close(): void {
    this.reassembler.close();
  }

  private toInbound(message: ReassembledMessage<PartMeta>): AssembledInbound {
    return {
      from: message.meta.from,
      to: message.meta.to,
      text: decodeText(Buffer.concat(message.parts), message.meta.coding),
      complete: message.complete,
    };
  }
}
