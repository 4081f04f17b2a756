import { ComplianceBatch } from '../compliance-batch';
import { ComplianceCode } from '../compliance-code';
import { ComplianceRequest } from '../compliance-request';
import { ComplianceRule } from '../compliance-rule';
import { reject } from '../verdict';

/** Unsubscribe instructions already in common use: 回TD退订, 回复T退订, 退订回N, 拒收请回复R. */
const KNOWN_INSTRUCTION =
  /(?:回复?|发送?)\s*[A-Za-z0-9]{1,4}\s*(?:退订|拒收)|退订回复?\s*[A-Za-z0-9]{1,4}|拒收请回复?\s*[A-Za-z0-9]{1,4}/;

export const UNSUBSCRIBE_TEXT_RULE = 'unsubscribe_text';

/**
 * Marketing must tell the recipient how to unsubscribe: the account's text (回TD退订 by default) is appended when
 * the message carries no unsubscribe instruction. The segments are counted again with it; a message it pushes past
 * the segment ceiling is refused.
 */
export class UnsubscribeTextRule implements ComplianceRule {
  readonly name = UNSUBSCRIBE_TEXT_RULE;

  constructor(private readonly maxSegments: number) {}

  apply(batch: ComplianceBatch, request: ComplianceRequest): void {
    if (request.kind !== 'marketing') return;
    const suffix = request.policy.unsubscribeText;
    const rewritten = new Map<string, string>();
    for (let index = 0; index < batch.size; index++) {
      if (batch.isRejected(index)) continue;
      const content = batch.recipients[index]!.content;
      let next = rewritten.get(content);
      if (next === undefined) {
        next = hasInstruction(content, suffix) ? content : content + separator(content, suffix) + suffix;
        rewritten.set(content, next);
      }
      batch.rewrite(index, next);
      const segments = batch.recipients[index]!.segments;
      if (segments > this.maxSegments) {
        batch.reject(
          index,
          reject(
            this.name,
            ComplianceCode.ContentTooLong,
            `with the unsubscribe text "${suffix}" the message needs ${segments} segments; at most ${this.maxSegments} are allowed`,
            'content',
          ),
        );
      }
    }
  }
}

export function hasInstruction(content: string, suffix: string): boolean {
  return content.includes(suffix) || KNOWN_INSTRUCTION.test(content);
}

/** A space only between two Latin characters; Chinese text runs on. */
function separator(content: string, suffix: string): string {
  return /[A-Za-z0-9.!?]$/.test(content) && /^[A-Za-z0-9]/.test(suffix) ? ' ' : '';
}
