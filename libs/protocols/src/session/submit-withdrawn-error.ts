/** A submit was called back before it was written (its channel failed or is being replaced): nothing was sent. */
export class SubmitWithdrawnError extends Error {
  constructor(
    readonly session: string,
    readonly reason: string,
  ) {
    super(`${session}: submit withdrawn before it was sent (${reason})`);
    this.name = 'SubmitWithdrawnError';
  }
}
