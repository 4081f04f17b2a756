/** `block` refuses the message; `review` holds it until someone reviews it. */
export type WordCategory = 'block' | 'review';

export const WORD_CATEGORIES: readonly WordCategory[] = ['block', 'review'];

export interface SensitiveWord {
  readonly word: string;
  readonly category: WordCategory;
  /** null: platform-wide; else the account whose list it is on. */
  readonly accountId: string | null;
}

/** A word found in a text: the list entry and the text as it appeared in the original message. */
export interface WordHit {
  readonly word: SensitiveWord;
  readonly original: string;
  readonly start: number;
  readonly end: number;
}
