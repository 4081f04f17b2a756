/** Raised for any malformed inbound bytes; the only error a decoder or FrameReader may surface. */
export class ProtocolDecodeError extends Error {
  constructor(
    message: string,
    readonly protocol: string,
  ) {
    super(`${protocol}: ${message}`);
    this.name = 'ProtocolDecodeError';
  }
}
