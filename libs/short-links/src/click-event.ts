import { randomBytes } from 'node:crypto';

/** One hit as the redirector appends it to the click log, before it answers the 302. */
export interface ClickEvent {
  clickId: string;
  linkId: string;
  accountId: string;
  messageId: string | null;
  recipientId: string | null;
  /** Epoch ms of the hit. */
  at: number;
  method: string;
  ip: string | null;
  userAgent: string;
  referrer: string | null;
}

/** The log's wire form: a JSON array (positional, so no key names are repeated millions of times). */
export function encodeClickEvent(event: ClickEvent): string {
  return JSON.stringify([
    event.clickId,
    event.linkId,
    event.accountId,
    event.messageId,
    event.recipientId,
    event.at,
    event.method,
    event.ip,
    event.userAgent,
    event.referrer,
  ]);
}

/**
 * The events of one log entry. The redirector groups the hits of one event-loop turn into one entry (a JSON array
 * of encoded events); a lone event is accepted too. Anything unreadable is dropped (acknowledged, never retried).
 */
export function decodeClickEvents(payload: string): ClickEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const list = Array.isArray(parsed[0]) ? (parsed as unknown[]) : [parsed];
  const events: ClickEvent[] = [];
  for (const fields of list) {
    const event = toClickEvent(fields);
    if (event) events.push(event);
  }
  return events;
}

export function decodeClickEvent(payload: string): ClickEvent | null {
  let fields: unknown;
  try {
    fields = JSON.parse(payload);
  } catch {
    return null;
  }
  return toClickEvent(fields);
}

function toClickEvent(fields: unknown): ClickEvent | null {
  if (!Array.isArray(fields) || fields.length < 10) return null;
  const [clickId, linkId, accountId, messageId, recipientId, at, method, ip, userAgent, referrer] =
    fields as unknown[];
  if (typeof clickId !== 'string' || typeof linkId !== 'string' || typeof accountId !== 'string') return null;
  if (typeof at !== 'number' || !Number.isFinite(at)) return null;
  return {
    clickId,
    linkId,
    accountId,
    messageId: typeof messageId === 'string' ? messageId : null,
    recipientId: typeof recipientId === 'string' ? recipientId : null,
    at,
    method: typeof method === 'string' ? method : 'GET',
    ip: typeof ip === 'string' ? ip : null,
    userAgent: typeof userAgent === 'string' ? userAgent : '',
    referrer: typeof referrer === 'string' ? referrer : null,
  };
}

/**
 * Click ids unique across processes without coordination: a random per-process tag and a counter
 * (`Qm3x8KpZ.1a2b`). The id is fixed before the hit is logged, so a replayed log entry is recognised in PostgreSQL.
 */
export class ClickIdMinter {
  private readonly tag = randomBytes(6).toString('base64url');
  private counter = 0;

  next(): string {
    this.counter += 1;
    return `${this.tag}.${this.counter.toString(36)}`;
  }
}
