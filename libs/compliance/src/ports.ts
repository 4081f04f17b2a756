import type { MessageKind } from '@tongdao/lifecycle';

/**
 * The ports through which the compliance pipeline reaches state (Redis, PostgreSQL). Each port is called at most
 * once per batch by the pipeline, with every phone still in play, so a batch of 10,000 recipients costs a bounded
 * number of round trips. Phones are E.164 strings as stored in `messages.phone`.
 *
 * Issue 9b implements FrequencyCapPort, SuppressionPort and ConsentPort and binds them to the Nest tokens below
 * (apps/api/src/compliance). Until then the API binds the "not limited" defaults of
 * apps/api/src/compliance/default-state-ports.ts.
 */

export interface CapCheckRequest {
  accountId: string;
  kind: MessageKind;
  phones: readonly string[];
  /** The time the messages count at: when they will be sent (now, `send_at`, or the end of quiet hours). */
  now: Date;
}

/** `cap` names the cap that is full, e.g. `verification:1/minute`; `freesAt` is when it frees up. */
export type CapVerdict = { ok: true } | { ok: false; cap: string; freesAt: Date };

export interface FrequencyCapPort {
  /**
   * One verdict per phone, in order. Atomic per batch across all API processes; only `ok` phones are counted.
   * A phone listed twice is counted twice.
   */
  reserve(request: CapCheckRequest): Promise<CapVerdict[]>;
  /** The same verdicts `reserve` would give now, without counting anything (dry run: POST /v1/messages/check). */
  peek(request: CapCheckRequest): Promise<CapVerdict[]>;
  /**
   * Gives back what `reserve` counted for these phones (all of which got `ok`) when the acceptance failed after
   * the reservation (e.g. insufficient balance, database error). Best effort.
   */
  release(request: CapCheckRequest): Promise<void>;
}

export type SuppressionSource = 'blocklist' | 'opt_out' | 'auto';

export interface Suppression {
  reason: string;
  source: SuppressionSource;
}

export interface SuppressionPort {
  /** The phones of the list that must not be sent to by this account (platform blocklist, opt-outs, auto). */
  suppressed(accountId: string, phones: readonly string[]): Promise<Map<string, Suppression>>;
}

export interface ConsentPort {
  /**
   * The phones of the list that lack marketing consent on record, for an account that requires consent; an empty
   * set when the account does not require it. Called for marketing only.
   */
  missingConsent(accountId: string, phones: readonly string[]): Promise<Set<string>>;
}

/** Tongdao short-link domains (issue 8a's `short_domains`): approved platform hosts and the account's own. */
export interface ShortDomainDirectory {
  isTongdaoShortHost(host: string, accountId: string): Promise<boolean>;
}

/** The link domains an account registered for use in its messages (9a's `account_link_domains`). */
export interface LinkDomainDirectory {
  /** Lower-case hosts; a registered `example.com` also covers its subdomains. */
  registeredHosts(accountId: string): Promise<readonly string[]>;
}

/** Nest injection tokens, shared so issue 9b's providers replace the defaults without touching 9a's module. */
export const FREQUENCY_CAP_PORT = Symbol('FREQUENCY_CAP_PORT');
export const SUPPRESSION_PORT = Symbol('SUPPRESSION_PORT');
export const CONSENT_PORT = Symbol('CONSENT_PORT');
export const SHORT_DOMAIN_DIRECTORY = Symbol('SHORT_DOMAIN_DIRECTORY');
export const LINK_DOMAIN_DIRECTORY = Symbol('LINK_DOMAIN_DIRECTORY');

/**
 * HELD messages (for 9b's releaser). 9a's migration creates
 *
 *   held_messages(message_id uuid PRIMARY KEY, account_id uuid NOT NULL, created_at timestamptz NOT NULL,
 *                 reason text NOT NULL CHECK (reason IN ('quiet_hours', 'review')),
 *                 detail text, release_at timestamptz NULL)
 *   index held_messages_due ON (release_at) WHERE release_at IS NOT NULL
 *
 * A row exists while the message is HELD. `release_at` NULL means "pending review" (not for the releaser); a
 * review that approves a message inside quiet hours sets `release_at` to the window's opening. The releaser picks
 * due rows (`release_at <= now()`, spread), moves the message HELD → QUEUED through MessageTransitions.apply and
 * DispatchQueue.enqueue, and deletes the row in the same transaction. `messages.created_at` is needed to address
 * the partitioned message row; it equals `held_messages.created_at`.
 */
export const HELD_MESSAGES_TABLE = 'held_messages';
