import type { MessageKind } from '@tongdao/lifecycle';
import { AccountCompliancePolicy } from './account-compliance-policy';
import { TemplateVariableSpec } from './variables/template-variable-spec';

/** Whether the pipeline is accepting messages (caps are counted) or previewing them (nothing is counted). */
export type ComplianceMode = 'accept' | 'dry_run';

/** What holds for every recipient of one request. */
export interface ComplianceRequest {
  readonly accountId: string;
  readonly kind: MessageKind;
  /** When the messages would go out (now or `send_at`). */
  readonly sendAt: Date;
  readonly now: Date;
  readonly mode: ComplianceMode;
  readonly policy: AccountCompliancePolicy;
  /** The template's typed variables; null for free text. */
  readonly template: TemplateVariableSpec | null;
}
