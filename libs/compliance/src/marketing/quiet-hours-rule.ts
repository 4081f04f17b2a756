import { ComplianceBatch } from '../compliance-batch';
import { ComplianceRequest } from '../compliance-request';
import { ComplianceRule } from '../compliance-rule';
import { hold } from '../verdict';
import { formatClock, quietUntil } from './quiet-hours';

export const QUIET_HOURS_RULE = 'quiet_hours';

/** Marketing due inside the account's quiet window is held until the window ends; other kinds pass. */
export class QuietHoursRule implements ComplianceRule {
  readonly name = QUIET_HOURS_RULE;

  apply(batch: ComplianceBatch, request: ComplianceRequest): void {
    const window = request.policy.quietHours;
    if (request.kind !== 'marketing' || !window) return;
    const until = quietUntil(request.sendAt, window);
    if (!until) return;
    const verdict = hold(
      this.name,
      'quiet_hours',
      until,
      `marketing is not sent between ${formatClock(window.startMinute)} and ${formatClock(window.endMinute)} ` +
        `${window.timeZone}; held until ${until.toISOString()}`,
    );
    for (let index = 0; index < batch.size; index++) if (!batch.isRejected(index)) batch.hold(index, verdict);
  }
}
