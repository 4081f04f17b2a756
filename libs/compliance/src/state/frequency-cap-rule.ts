import { ComplianceBatch } from '../compliance-batch';
import { ComplianceCode } from '../compliance-code';
import { ComplianceRule } from '../compliance-rule';
import { ComplianceRequest } from '../compliance-request';
import { CapCheckRequest, FrequencyCapPort } from '../ports';
import { reject } from '../verdict';
import { openPhones } from './open-phones';

export const FREQUENCY_CAP_RULE = 'frequency_cap';

/**
 * Per-number frequency caps, last in the pipeline so a message refused for any other reason never uses up a cap.
 * Messages count at the time they will go out (the end of quiet hours for held marketing). A dry run peeks.
 */
export class FrequencyCapRule implements ComplianceRule {
  readonly name = FREQUENCY_CAP_RULE;

  constructor(private readonly port: FrequencyCapPort) {}

  async apply(batch: ComplianceBatch, request: ComplianceRequest): Promise<void> {
    const { indexes, phones } = openPhones(batch);
    const at = countsAt(batch, indexes, request);
    const capRequest: CapCheckRequest = { accountId: request.accountId, kind: request.kind, phones, now: at };
    const verdicts =
      request.mode === 'dry_run' ? await this.port.peek(capRequest) : await this.port.reserve(capRequest);
    const reserved: string[] = [];
    indexes.forEach((index, position) => {
      const verdict = verdicts[position];
      if (!verdict || verdict.ok) {
        reserved.push(phones[position]!);
        return;
      }
      batch.reject(
        index,
        reject(
          this.name,
          ComplianceCode.FrequencyCapExceeded,
          `frequency cap ${verdict.cap} reached for this number; it frees up at ${verdict.freesAt.toISOString()}`,
          'phone',
        ),
      );
    });
    if (request.mode === 'accept' && reserved.length > 0)
      batch.reservation = { ...capRequest, phones: reserved };
  }
}

/** The time quiet-hours holds release at, else when the messages are due. */
function countsAt(batch: ComplianceBatch, indexes: number[], request: ComplianceRequest): Date {
  for (const index of indexes) {
    const held = batch.heldUntil(index);
    if (held?.until) return held.until;
  }
  return request.sendAt;
}
