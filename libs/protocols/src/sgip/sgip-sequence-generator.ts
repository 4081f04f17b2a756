import { CHINA_UTC_OFFSET_MINUTES, carrierTimestamp } from '../core';
import { SgipSequence } from './sgip-pdu';

const UINT32_MAX = 0xffffffff;

/**
 * Sequence numbers for requests this node sends. The counter part runs 1..0xffffffff and wraps to 1; with the
 * per-second timestamp beside it, a key repeats only after 4 billion requests within one second.
 */
export class SgipSequenceGenerator {
  private counter = 0;

  constructor(
    readonly nodeId: number,
    private readonly clock: () => Date = () => new Date(),
    private readonly utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES,
  ) {
    if (!Number.isInteger(nodeId) || nodeId < 0 || nodeId > UINT32_MAX) {
      throw new RangeError(`SGIP node id must be a uint32, got ${nodeId}`);
    }
  }

  next(): SgipSequence {
    this.counter = this.counter >= UINT32_MAX ? 1 : this.counter + 1;
    return {
      nodeId: this.nodeId,
      timestamp: carrierTimestamp(this.clock(), this.utcOffsetMinutes),
      sequence: this.counter,
    };
  }
}
