import { ComplianceBatch } from './compliance-batch';
import { ComplianceRequest } from './compliance-request';
import { ComplianceRule, RecipientRule } from './compliance-rule';
import { Verdict } from './verdict';

/**
 * Runs a stateless check on every recipient still in play. A check that depends only on the text runs once per
 * distinct text: a batch of 10,000 recipients of one free text is checked once.
 */
export function eachRecipient(rule: RecipientRule): ComplianceRule {
  return {
    name: rule.name,
    apply(batch: ComplianceBatch, request: ComplianceRequest): void {
      const memo = rule.contentOnly ? new Map<string, Verdict>() : null;
      for (let index = 0; index < batch.size; index++) {
        if (batch.isRejected(index)) continue;
        const recipient = batch.recipients[index]!;
        let verdict = memo?.get(recipient.content);
        if (verdict === undefined) {
          verdict = rule.check(recipient, request);
          memo?.set(recipient.content, verdict);
        }
        batch.record(index, verdict);
      }
    },
  };
}
