/** What a message is for; drives compliance rules, routing and claim priority. */
export type MessageKind = 'verification' | 'notification' | 'marketing';

/** In priority order: verification codes overtake notifications, which overtake marketing. */
export const MESSAGE_KINDS: readonly MessageKind[] = ['verification', 'notification', 'marketing'];

export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === 'string' && (MESSAGE_KINDS as readonly string[]).includes(value);
}

/** 0 is served first. */
export function laneOf(kind: MessageKind): number {
  return MESSAGE_KINDS.indexOf(kind);
}

export function kindOfLane(lane: number): MessageKind {
  const kind = MESSAGE_KINDS[lane];
  if (kind === undefined) throw new RangeError(`no message kind for lane ${lane}`);
  return kind;
}
