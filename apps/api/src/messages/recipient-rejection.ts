import { ErrorCode } from '@tongdao/platform';

/** Why one recipient of a request was not accepted; `field` is relative to the recipient (e.g. `phone`). */
export interface RecipientRejection {
  code: ErrorCode;
  message: string;
  field: string;
  /** Issue 9b: machine-readable facts, e.g. `{cap, frees_at}` of a frequency cap. */
  details?: Readonly<Record<string, unknown>>;
}

export function rejection(code: ErrorCode, message: string, field: string): RecipientRejection {
  return { code, message, field };
}
