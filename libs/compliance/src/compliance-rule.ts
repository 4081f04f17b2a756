import { ComplianceBatch } from './compliance-batch';
import { ComplianceRecipient } from './compliance-recipient';
import { ComplianceRequest } from './compliance-request';
import { Verdict } from './verdict';

/**
 * One step of the pipeline. It sees the whole batch, so a rule that needs state asks its port once for every
 * recipient still in play. Rules record verdicts on the batch; a rejected recipient is skipped by later rules,
 * a held one is still checked (a held message can still be refused).
 */
export interface ComplianceRule {
  readonly name: string;
  apply(batch: ComplianceBatch, request: ComplianceRequest): void | Promise<void>;
}

/** A stateless check of one recipient. Wrap it with `eachRecipient` to make it a pipeline rule. */
export interface RecipientRule {
  readonly name: string;
  /** True when the verdict depends only on `content` (the pipeline then checks each distinct text once). */
  readonly contentOnly: boolean;
  check(recipient: ComplianceRecipient, request: ComplianceRequest): Verdict;
}
