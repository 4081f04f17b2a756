/** The time compliance decisions are made at; tests inject a fixed clock (quiet-hour boundaries). */
export const COMPLIANCE_CLOCK = Symbol('COMPLIANCE_CLOCK');

export type ComplianceClock = () => Date;

export const systemClock: ComplianceClock = () => new Date();
