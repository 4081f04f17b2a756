import { countSegments } from '@tongdao/sms';
import { ComplianceRecipient } from './compliance-recipient';
import { CapCheckRequest } from './ports';
import { HoldVerdict, PASS, RejectVerdict, Verdict } from './verdict';

/** The recipients of one request and the verdict each has so far. */
export class ComplianceBatch {
  private readonly rejections: (RejectVerdict | null)[];
  private readonly holds: (HoldVerdict | null)[];
  private openCount: number;
  /** What the frequency-cap rule counted, to give back if the acceptance fails afterwards. */
  reservation: CapCheckRequest | null = null;

  constructor(readonly recipients: ComplianceRecipient[]) {
    this.rejections = new Array<RejectVerdict | null>(recipients.length).fill(null);
    this.holds = new Array<HoldVerdict | null>(recipients.length).fill(null);
    this.openCount = recipients.length;
  }

  get size(): number {
    return this.recipients.length;
  }

  /** Recipients not rejected yet. */
  get remaining(): number {
    return this.openCount;
  }

  isRejected(index: number): boolean {
    return this.rejections[index] !== null;
  }

  /** Indexes of the recipients not rejected yet, in order. */
  openIndexes(): number[] {
    const indexes: number[] = [];
    for (let i = 0; i < this.recipients.length; i++) if (this.rejections[i] === null) indexes.push(i);
    return indexes;
  }

  record(index: number, verdict: Verdict): void {
    if (verdict.outcome === 'reject') this.reject(index, verdict);
    else if (verdict.outcome === 'hold') this.hold(index, verdict);
  }

  reject(index: number, verdict: RejectVerdict): void {
    if (this.rejections[index] !== null) return;
    this.rejections[index] = verdict;
    this.openCount--;
  }

  /** A review hold wins over a timed one: a reviewer must see it, whatever the clock says. */
  hold(index: number, verdict: HoldVerdict): void {
    const current = this.holds[index];
    if (current && (current.until === null || (verdict.until !== null && current.until >= verdict.until)))
      return;
    this.holds[index] = verdict;
  }

  /** Replaces the text of a recipient and recounts its segments. */
  rewrite(index: number, content: string): void {
    const recipient = this.recipients[index]!;
    if (recipient.content === content) return;
    const layout = countSegments(content);
    recipient.content = content;
    recipient.segments = layout.segments;
    recipient.encoding = layout.encoding;
  }

  verdictOf(index: number): Verdict {
    return this.rejections[index] ?? this.holds[index] ?? PASS;
  }

  heldUntil(index: number): HoldVerdict | null {
    return this.rejections[index] === null ? this.holds[index]! : null;
  }
}
