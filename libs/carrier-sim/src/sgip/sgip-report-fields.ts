/** Report State values (0 delivered, 2 failed); unverified against the spec, so kept in one place. */
export const SGIP_STATE_DELIVERED = 0;
export const SGIP_STATE_FAILED = 2;

/**
 * SGIP reports carry a one-byte ErrorCode instead of a state text. The simulator's convention: 0 for DELIVRD,
 * fixed codes for the standard states, and the trailing digits of a raw carrier code (MK:0001 → 1).
 */
const STATE_ERROR_CODES: Record<string, number> = {
  DELIVRD: 0,
  UNDELIV: 1,
  EXPIRED: 2,
  REJECTD: 3,
  DELETED: 4,
  UNKNOWN: 5,
};

export function sgipErrorCode(stat: string): number {
  const known = STATE_ERROR_CODES[stat];
  if (known !== undefined) return known;
  const digits = /(\d+)$/.exec(stat);
  const code = digits ? Number(digits[1]) % 256 : 99;
  return code === 0 ? 99 : code;
}

export function sgipState(stat: string): number {
  return stat === 'DELIVRD' ? SGIP_STATE_DELIVERED : SGIP_STATE_FAILED;
}
