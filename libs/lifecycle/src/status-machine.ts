import { MessageStatus as S } from './message-status';

/** The statuses a message may be created in. */
export const INITIAL_STATUSES: readonly S[] = [S.Scheduled, S.Held, S.Queued];

/**
 * Every allowed change, from → to. QUEUED → QUEUED records a retry (with its reason) without changing the status.
 * Nothing leaves a final status, and nothing goes back from SUBMITTED: a submit the carrier acknowledged is never
 * sent again.
 */
const TRANSITIONS: Readonly<Record<S, readonly S[]>> = {
  [S.Scheduled]: [S.Queued, S.Held, S.Submitted, S.Failed],
  [S.Held]: [S.Queued, S.Scheduled, S.Failed],
  [S.Queued]: [S.Queued, S.Held, S.Submitted, S.Failed],
  [S.Submitted]: [S.Delivered, S.Undelivered, S.Expired, S.Rejected, S.Failed],
  [S.Delivered]: [],
  [S.Undelivered]: [],
  [S.Expired]: [],
  [S.Rejected]: [],
  [S.Failed]: [],
};

const SOURCES: ReadonlyMap<S, readonly S[]> = new Map(
  Object.values(S).map((to) => [
    to,
    (Object.keys(TRANSITIONS) as S[]).filter((from) => TRANSITIONS[from].includes(to)),
  ]),
);

export function canTransition(from: S, to: S): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses from which a message may move to `to`; the transition statement checks the row against them. */
export function sourcesOf(to: S): readonly S[] {
  return SOURCES.get(to) ?? [];
}

export function nextStatuses(from: S): readonly S[] {
  return TRANSITIONS[from];
}
