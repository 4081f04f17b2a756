/** Bad configuration or control-API input, naming the offending field so callers can answer 400 with it. */
export class ConfigValidationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ConfigValidationError';
  }
}
