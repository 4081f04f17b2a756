import { CHINA_UTC_OFFSET_MINUTES, wallClock } from '../core';
import { encodeSmgpMsgId } from './smgp-msg-id';

const SEQUENCE_MODULUS = 1_000_000;

/** Issues SMGW MsgIDs (the simulator's side of SUBMIT_RESP); unique per gateway below a million ids a minute. */
export class SmgpMsgIdGenerator {
  readonly gatewayCode: string;
  private sequence: number;

  constructor(
    gatewayCode: string | number,
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
    this.gatewayCode = String(gatewayCode).padStart(6, '0');
    if (!/^\d{6}$/.test(this.gatewayCode)) {
      throw new RangeError(`SMGP gateway code must be up to 6 decimal digits, got ${gatewayCode}`);
    }
  }

  next(): Buffer {
    const t = wallClock(this.clock(), this.utcOffsetMinutes);
    const sequence = this.sequence;
    this.sequence = (this.sequence + 1) % SEQUENCE_MODULUS;
    return encodeSmgpMsgId({
      gatewayCode: this.gatewayCode,
      month: t.month,
      day: t.day,
      hour: t.hour,
      minute: t.minute,
      sequence,
    });
  }
}
