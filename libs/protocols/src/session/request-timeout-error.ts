/** No response arrived within the per-request timeout; the request may still have been acted on by the peer. */
export class RequestTimeoutError extends Error {
  constructor(
    readonly key: string,
    readonly timeoutMs: number,
  ) {
    super(`no response to request ${key} within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}
