/** Raised when a PDU handed to an encoder cannot be represented on the wire (a caller bug, not peer input). */
export class ProtocolEncodeError extends Error {
  constructor(
    message: string,
    readonly protocol: string,
    readonly field?: string,
  ) {
    super(field ? `${protocol}: field ${field}: ${message}` : `${protocol}: ${message}`);
    this.name = 'ProtocolEncodeError';
  }
}
