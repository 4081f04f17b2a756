import { ErrorCode } from './error-code';

/** Thrown by services for any expected failure; HttpErrorFilter turns it into a 4xx. */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
    /** The precise, machine-readable cause within `code` (e.g. INVALID_PHONE's PHONE_INVALID_PREFIX). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}
