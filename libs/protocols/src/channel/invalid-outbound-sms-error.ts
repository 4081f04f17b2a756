/** The message cannot be sent as given (bad number, unencodable or oversized text); resending will not help. */
export class InvalidOutboundSmsError extends Error {
  constructor(
    readonly field: 'destination' | 'sourceExtension' | 'text',
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidOutboundSmsError';
  }
}
