/**
 * Which of an endpoint's lanes carries events keyed by `key` (a message id, or a phone for replies). Lanes are
 * delivered in parallel; one key always maps to one lane, so each message's events keep their order. FNV-1a.
 */
export function webhookLaneOf(key: string, lanes: number): number {
  if (lanes <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}
