/** What a gateway does with one submit, decided before it is recorded or answered. */
export type SubmitDecision =
  | { kind: 'accept' }
  | { kind: 'reject'; result: number; reason: 'flow-control' | 'forced' }
  | { kind: 'drop' };
