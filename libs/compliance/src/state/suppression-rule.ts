import { ComplianceBatch } from '../compliance-batch';
import { ComplianceCode } from '../compliance-code';
import { ComplianceRule } from '../compliance-rule';
import { ComplianceRequest } from '../compliance-request';
import { SuppressionPort } from '../ports';
import { reject } from '../verdict';
import { openPhones } from './open-phones';

export const SUPPRESSION_RULE = 'suppression';

const SOURCE_LABEL = {
  blocklist: 'platform blocklist',
  opt_out: 'opt-out list',
  auto: 'automatic suppression',
};

/** Numbers on the platform blocklist, the account's opt-outs or auto-suppressed: one port call per batch. */
export class SuppressionRule implements ComplianceRule {
  readonly name = SUPPRESSION_RULE;

  constructor(private readonly port: SuppressionPort) {}

  async apply(batch: ComplianceBatch, request: ComplianceRequest): Promise<void> {
    const { indexes, phones } = openPhones(batch);
    const suppressed = await this.port.suppressed(request.accountId, phones);
    if (suppressed.size === 0) return;
    indexes.forEach((index, position) => {
      const entry = suppressed.get(phones[position]!);
      if (!entry) return;
      // Issue 9b: an opt-out (回TD退订) stops marketing only; codes and notices still reach the number.
      const optedOut = entry.source === 'opt_out';
      if (optedOut && request.kind !== 'marketing') return;
      batch.reject(
        index,
        reject(
          this.name,
          optedOut ? ComplianceCode.RecipientOptedOut : ComplianceCode.RecipientSuppressed,
          `the number is on the ${SOURCE_LABEL[entry.source] ?? entry.source}: ${entry.reason}`,
          'phone',
        ),
      );
    });
  }
}
