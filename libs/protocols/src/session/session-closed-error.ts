/** The session is closing or closed and accepts no new requests; nothing was sent for this request. */
export class SessionClosedError extends Error {
  constructor(readonly session: string) {
    super(`${session}: session is closed`);
    this.name = 'SessionClosedError';
  }
}
