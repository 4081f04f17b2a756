import { ErrorCode } from './error-code';

/** Thrown by services for any expected failure; HttpErrorFilter turns it into a 4xx. */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}
