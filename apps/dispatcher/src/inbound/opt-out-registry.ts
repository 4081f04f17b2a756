/**
 * The compliance module's opt-out list, as the reply handling needs it (issue 9 owns the list and exposes
 * `addOptOut`): puts a number on an account's list at once; false when it was already there.
 */
export interface OptOutRegistry {
  addOptOut(accountId: string, phone: string, source: string): Promise<boolean>;
}

export const OPT_OUT_REGISTRY = Symbol('OPT_OUT_REGISTRY');
