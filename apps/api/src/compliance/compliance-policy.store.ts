import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { AccountCompliancePolicy, parseClock, QuietWindow } from '@tongdao/compliance';
import { APP_CONFIG } from '@tongdao/platform';
import { ComplianceRepository, ComplianceSettingsRow } from './compliance.repository';
import { TtlCache } from './ttl-cache';

/** An account's compliance policy: its own settings over the platform defaults (COMPLIANCE_*), cached briefly. */
@Injectable()
export class CompliancePolicyStore {
  private readonly cache: TtlCache<AccountCompliancePolicy>;
  readonly defaults: AccountCompliancePolicy;

  constructor(
    private readonly repository: ComplianceRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new TtlCache(config.compliance.cacheMs);
    this.defaults = {
      unsubscribeText: config.compliance.unsubscribeText,
      quietHours: parseWindow(config.compliance.quietHours, config.compliance.timeZone),
    };
  }

  policyFor(accountId: string): Promise<AccountCompliancePolicy> {
    return this.cache.get(accountId, async () => this.merge(await this.repository.settings(accountId)));
  }

  invalidate(accountId: string): void {
    this.cache.invalidate(accountId);
  }

  merge(row: ComplianceSettingsRow | null): AccountCompliancePolicy {
    if (!row) return this.defaults;
    const base = this.defaults.quietHours;
    let quietHours: QuietWindow | null = null;
    if (row.quiet_hours_enabled) {
      const startMinute = row.quiet_start ?? base?.startMinute ?? null;
      const endMinute = row.quiet_end ?? base?.endMinute ?? null;
      quietHours =
        startMinute === null || endMinute === null
          ? null
          : { startMinute, endMinute, timeZone: row.quiet_time_zone ?? base?.timeZone ?? 'Asia/Shanghai' };
    }
    return { unsubscribeText: row.unsubscribe_text ?? this.defaults.unsubscribeText, quietHours };
  }
}

function parseWindow(text: string, timeZone: string): QuietWindow | null {
  if (text === 'off') return null;
  const [start, end] = text.split('-');
  return { startMinute: parseClock(start!)!, endMinute: parseClock(end!)!, timeZone };
}
