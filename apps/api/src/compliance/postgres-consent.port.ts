import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConsentPort } from '@tongdao/compliance';
import { ConsentStore } from '@tongdao/compliance-state';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG } from '@tongdao/platform';

/**
 * Marketing consent: the phones without consent on record, for accounts that require it (their setting, else
 * COMPLIANCE_CONSENT_REQUIRED). One statement per batch, which also reads the setting.
 */
@Injectable()
export class PostgresConsentPort implements ConsentPort {
  private readonly requiredByDefault: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consents: ConsentStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.requiredByDefault = config.complianceState.consentRequiredByDefault;
  }

  missingConsent(accountId: string, phones: readonly string[]): Promise<Set<string>> {
    return this.consents.missing(this.dataSource, accountId, phones, this.requiredByDefault);
  }
}
