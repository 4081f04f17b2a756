import { ComplianceCode } from '../compliance-code';
import { ComplianceRecipient } from '../compliance-recipient';
import { ComplianceRequest } from '../compliance-request';
import { RecipientRule } from '../compliance-rule';
import { hold, PASS, reject, Verdict } from '../verdict';
import { SensitiveWordList } from './sensitive-word-list';

/** Where the word lists that apply to an account come from (platform list first, then the account's). */
export interface WordListSource {
  listsFor(accountId: string): readonly SensitiveWordList[];
}

export const SENSITIVE_WORDS_RULE = 'sensitive_words';

/**
 * Refuses a text with a `block` word and holds one with a `review` word for review. The approved 【signature】
 * prefix is not searched (it was reviewed when the signature was approved).
 */
export class SensitiveWordsRule implements RecipientRule {
  readonly name = SENSITIVE_WORDS_RULE;
  readonly contentOnly = true;

  constructor(private readonly source: WordListSource) {}

  check(recipient: ComplianceRecipient, request: ComplianceRequest): Verdict {
    const text = recipient.content;
    const from = text.startsWith('【') ? text.indexOf('】') + 1 : 0;
    let review: Verdict | null = null;
    for (const list of this.source.listsFor(request.accountId)) {
      const hit = list.find(text, from);
      if (!hit) continue;
      const scope = hit.word.accountId === null ? 'platform' : 'account';
      if (hit.word.category === 'block') {
        return reject(
          this.name,
          ComplianceCode.SensitiveWord,
          `the text contains "${hit.original}", a blocked word (category block, ${scope} list)`,
          'content',
        );
      }
      review ??= hold(
        this.name,
        'review',
        null,
        `the text contains "${hit.original}", a word that needs review (category review, ${scope} list)`,
      );
    }
    return review ?? PASS;
  }
}
