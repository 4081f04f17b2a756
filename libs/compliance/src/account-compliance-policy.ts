/** Minutes since local midnight. */
export interface QuietWindow {
  readonly startMinute: number;
  readonly endMinute: number;
  /** IANA zone the window is read in, e.g. Asia/Shanghai. */
  readonly timeZone: string;
}

/** An account's compliance settings (account_compliance_settings, or the platform defaults). */
export interface AccountCompliancePolicy {
  /** Appended to marketing that lacks it, e.g. 回TD退订. */
  readonly unsubscribeText: string;
  /** Marketing inside this window is held until it ends; null = no quiet hours for this account. */
  readonly quietHours: QuietWindow | null;
}

export const DEFAULT_UNSUBSCRIBE_TEXT = '回TD退订';

/** 22:00–08:00 Asia/Shanghai. */
export const DEFAULT_QUIET_WINDOW: QuietWindow = Object.freeze({
  startMinute: 22 * 60,
  endMinute: 8 * 60,
  timeZone: 'Asia/Shanghai',
});

export const DEFAULT_COMPLIANCE_POLICY: AccountCompliancePolicy = Object.freeze({
  unsubscribeText: DEFAULT_UNSUBSCRIBE_TEXT,
  quietHours: DEFAULT_QUIET_WINDOW,
});
