import { ComplianceBatch } from './compliance-batch';
import { ComplianceRecipient } from './compliance-recipient';
import { ComplianceRequest } from './compliance-request';
import { ComplianceRule } from './compliance-rule';

/**
 * The ordered compliance checks run on every accepted message, single or batch (they share this code). Cheap
 * stateless rules run first so the stateful ones (one port call per batch each) see fewer phones; the frequency
 * cap counts last, so a refused message never uses up a cap.
 */
export class CompliancePipeline {
  constructor(readonly rules: readonly ComplianceRule[]) {}

  async run(recipients: ComplianceRecipient[], request: ComplianceRequest): Promise<ComplianceBatch> {
    const batch = new ComplianceBatch(recipients);
    for (const rule of this.rules) {
      if (batch.remaining === 0) break;
      await rule.apply(batch, request);
    }
    return batch;
  }
}
