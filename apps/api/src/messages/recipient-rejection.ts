import { ErrorCode } from '@tongdao/platform';

/** Why one recipient of a request was not accepted; `field` is relative to the recipient (e.g. `phone`). */
export interface RecipientRejection {
  code: ErrorCode;
  message: string;
  field: string;
  /** The precise cause within `code`, e.g. `PHONE_INVALID_PREFIX` for INVALID_PHONE. */
  reason?: string;
}

export function rejection(
  code: ErrorCode,
  message: string,
  field: string,
  reason?: string,
): RecipientRejection {
  return reason === undefined ? { code, message, field } : { code, message, field, reason };
}
