import { DomainException } from './domain-exception';
import { ErrorCode } from './error-code';

/** A refusal the client may retry later; the error filter sends `Retry-After` with it. */
export class RateLimitedException extends DomainException {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, undefined, { ...details, retry_after_seconds: retryAfterSeconds });
    this.name = 'RateLimitedException';
  }
}
