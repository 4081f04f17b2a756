import { customAlphabet } from 'nanoid';

/**
 * Digits and letters without the look-alikes 0/O, 1/l/I: a code read off a phone screen and typed again still
 * works. 57 symbols: six characters give 3.4·10^10 codes per domain.
 */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const SHORT_CODE_MIN_LENGTH = 4;
export const SHORT_CODE_MAX_LENGTH = 8;

/** Custom (vanity) codes may use any letter or digit, `-` and `_`; still 4–8 characters. */
const CUSTOM_CODE = /^[A-Za-z0-9_-]{4,8}$/;

/** Paths the redirector serves itself on every host, so they can never be codes. */
export const RESERVED_CODES: ReadonlySet<string> = new Set([
  'healthz',
  'readyz',
  'metrics',
  'favicon',
  'robots',
]);

export type ShortCodeProblem = 'CODE_LENGTH' | 'CODE_CHARACTERS' | 'CODE_RESERVED';

export function customCodeProblem(code: string): ShortCodeProblem | null {
  if (code.length < SHORT_CODE_MIN_LENGTH || code.length > SHORT_CODE_MAX_LENGTH) return 'CODE_LENGTH';
  if (!CUSTOM_CODE.test(code)) return 'CODE_CHARACTERS';
  if (RESERVED_CODES.has(code.toLowerCase())) return 'CODE_RESERVED';
  return null;
}

/** Whether a request path segment can be a code at all (cheap check on the redirect hot path). */
export function looksLikeCode(code: string): boolean {
  return (
    code.length >= SHORT_CODE_MIN_LENGTH && code.length <= SHORT_CODE_MAX_LENGTH && CUSTOM_CODE.test(code)
  );
}

/**
 * Random short codes (nanoid's customAlphabet over crypto random bytes). Uniqueness is the database's job (the
 * `(domain_id, code)` unique index); on a collision the caller asks for a fresh code and retries, and
 * `lengthAfterCollisions` grows the length when a domain's code space is getting crowded.
 */
export class ShortCodeGenerator {
  private readonly generators = new Map<number, () => string>();

  constructor(readonly length = 6) {
    if (!Number.isInteger(length) || length < SHORT_CODE_MIN_LENGTH || length > SHORT_CODE_MAX_LENGTH)
      throw new RangeError(`code length must be ${SHORT_CODE_MIN_LENGTH}–${SHORT_CODE_MAX_LENGTH}`);
  }

  /** A fresh code; `attempt` > 0 (a retry after collisions) may lengthen it by one character every 3 attempts. */
  next(attempt = 0): string {
    return this.generatorFor(this.lengthAfterCollisions(attempt))();
  }

  lengthAfterCollisions(attempt: number): number {
    return Math.min(SHORT_CODE_MAX_LENGTH, this.length + Math.floor(Math.max(0, attempt) / 3));
  }

  private generatorFor(length: number): () => string {
    let generate = this.generators.get(length);
    if (!generate) {
      generate = customAlphabet(SHORT_CODE_ALPHABET, length);
      this.generators.set(length, generate);
    }
    return generate;
  }
}
