/** The gateway refused the login; `status` is the protocol's own status code (e.g. CMPP 3 = authentication failed). */
export class LoginRejectedError extends Error {
  constructor(
    readonly protocol: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${protocol} login rejected with status ${status}: ${detail}`);
    this.name = 'LoginRejectedError';
  }
}
