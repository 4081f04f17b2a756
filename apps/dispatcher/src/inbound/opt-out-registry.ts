/**
 * The compliance module's opt-out list, as the reply handling needs it (issue 9 owns the list and exposes
 * `addOptOut`): puts a number on an account's list at once; false when it was already there.
 */
export interface OptOutRegistry {
  addOptOut(accountId: string, phone: string, source: string): Promise<boolean>;
}

export const OPT_OUT_REGISTRY = Symbol('OPT_OUT_REGISTRY');

/** No opt-out list is installed: the reply is still stored (marked unsubscribe) but no number is listed. */
export class OptOutListUnavailableError extends Error {
  constructor() {
    super('no opt-out list is installed (compliance module)');
    this.name = 'OptOutListUnavailableError';
  }
}
