import { ComplianceCode } from './compliance-code';

export type HoldReason = 'quiet_hours' | 'review';

export interface PassVerdict {
  readonly outcome: 'pass';
}

/** `field` is relative to the recipient: `content`, `template_params.code`, `phone`. */
export interface RejectVerdict {
  readonly outcome: 'reject';
  readonly code: ComplianceCode;
  readonly message: string;
  readonly field: string;
  /** The rule that refused. */
  readonly rule: string;
}

/** Kept back: until a time (quiet hours), or until someone reviews it (`until` null). */
export interface HoldVerdict {
  readonly outcome: 'hold';
  readonly reason: HoldReason;
  readonly until: Date | null;
  readonly detail: string;
  readonly rule: string;
}

export type Verdict = PassVerdict | RejectVerdict | HoldVerdict;

export const PASS: PassVerdict = Object.freeze({ outcome: 'pass' });

export function reject(rule: string, code: ComplianceCode, message: string, field: string): RejectVerdict {
  return { outcome: 'reject', code, message, field, rule };
}

export function hold(rule: string, reason: HoldReason, until: Date | null, detail: string): HoldVerdict {
  return { outcome: 'hold', reason, until, detail, rule };
}
