import { CHINA_UTC_OFFSET_MINUTES, WallClock, wallClock } from '../core';
import { encodeCmppMsgId } from './cmpp-msg-id';

const MAX_GATEWAY_ID = 0x3fffff;
const SEQUENCE_MODULUS = 0x10000;

/**
 * Issues ISMG Msg_Ids (the simulator's side of SUBMIT_RESP). Ids are unique per gateway as long as fewer than
 * 65,536 are issued within one second, which the 16-bit sequence field cannot exceed by design.
 */
export class CmppMsgIdGenerator {
  private sequence: number;
  private cachedSecond = Number.NaN;
  private cachedWallClock!: WallClock;

  constructor(
    readonly gatewayId: number,
    private readonly clock: () => Date = () => new Date(),
    private readonly utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES,
    /** A restarted process should start elsewhere (e.g. at random) so it does not reissue ids of the same minute. */
    firstSequence = 0,
  ) {
    if (!Number.isInteger(firstSequence) || firstSequence < 0 || firstSequence >= SEQUENCE_MODULUS) {
      throw new RangeError(
        `first sequence must be an integer in 0..${SEQUENCE_MODULUS - 1}, got ${firstSequence}`,
      );
    }
    this.sequence = firstSequence;
    if (!Number.isInteger(gatewayId) || gatewayId < 0 || gatewayId > MAX_GATEWAY_ID) {
      throw new RangeError(`CMPP gateway id must be an integer in 0..${MAX_GATEWAY_ID}, got ${gatewayId}`);
    }
  }

  next(): Buffer {
    const t = this.wallClockNow();
    const sequence = this.sequence;
    this.sequence = (this.sequence + 1) % SEQUENCE_MODULUS;
    return encodeCmppMsgId({
      month: t.month,
      day: t.day,
      hour: t.hour,
      minute: t.minute,
      second: t.second,
      gatewayId: this.gatewayId,
      sequence,
    });
  }

  /** Ids are issued by the thousand per second; the calendar fields are recomputed only when the second changes. */
  private wallClockNow(): WallClock {
    const second = Math.floor(this.clock().getTime() / 1000);
    if (second !== this.cachedSecond) {
      this.cachedSecond = second;
      this.cachedWallClock = wallClock(new Date(second * 1000), this.utcOffsetMinutes);
    }
    return this.cachedWallClock;
  }
}
