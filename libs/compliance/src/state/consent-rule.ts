import { ComplianceBatch } from '../compliance-batch';
import { ComplianceCode } from '../compliance-code';
import { ComplianceRule } from '../compliance-rule';
import { ComplianceRequest } from '../compliance-request';
import { ConsentPort } from '../ports';
import { reject } from '../verdict';
import { openPhones } from './open-phones';

export const CONSENT_RULE = 'consent';

/** Marketing to a number without consent on record, for accounts that require consent: one port call per batch. */
export class ConsentRule implements ComplianceRule {
  readonly name = CONSENT_RULE;

  constructor(private readonly port: ConsentPort) {}

  async apply(batch: ComplianceBatch, request: ComplianceRequest): Promise<void> {
    if (request.kind !== 'marketing') return;
    const { indexes, phones } = openPhones(batch);
    const missing = await this.port.missingConsent(request.accountId, phones);
    if (missing.size === 0) return;
    indexes.forEach((index, position) => {
      if (!missing.has(phones[position]!)) return;
      batch.reject(
        index,
        reject(
          this.name,
          ComplianceCode.ConsentMissing,
          'this account requires marketing consent and none is on record for the number',
          'phone',
        ),
      );
    });
  }
}
