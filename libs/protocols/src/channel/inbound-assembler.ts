import {
  LongMessageReassembler,
  decodeText,
  parseUdh,
  type ReassembledMessage,
  type WireCoding,
} from '@tongdao/sms';
import type { MoSegment } from '../session/protocol-driver';

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
 * when some never arrive, what did arrive is emitted once the timeout passes.
 */
export class InboundAssembler {
  private readonly reassembler: LongMessageReassembler<PartMeta>;
  private singles = 0;

  constructor(
    timeoutMs: number,
    private readonly onMessage: (message: AssembledInbound) => void,
    onError: (error: unknown) => void,
  ) {
    this.reassembler = new LongMessageReassembler<PartMeta>({
      timeoutMs,
      onComplete: (message) => this.onMessage(this.toInbound(message)),
      onError,
    });
  }

  push(segment: MoSegment): void {
    const meta: PartMeta = { from: segment.from, to: segment.to, coding: segment.coding };
    const udh = segment.udhi ? parseUdh(segment.content) : null;
    if (udh?.concat) {
      const { reference, total, index } = udh.concat;
      const body = segment.content.subarray(udh.headerLength);
      this.reassembler.push(`${segment.from}|${segment.to}|${reference}`, { total, index, body, meta });
      return;
    }
    const body = udh ? segment.content.subarray(udh.headerLength) : segment.content;
    this.singles = (this.singles + 1) % Number.MAX_SAFE_INTEGER;
    this.reassembler.push(`single|${this.singles}`, { total: 1, index: 1, body, meta });
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
