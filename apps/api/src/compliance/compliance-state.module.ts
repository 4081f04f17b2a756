import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { CONSENT_PORT, FREQUENCY_CAP_PORT, SUPPRESSION_PORT } from '@tongdao/compliance';
import {
  AutoSuppressionStore,
  BlocklistStore,
  ComplianceStateSettingsStore,
  ConsentStore,
  OptOutStore,
  SuppressionLookup,
} from '@tongdao/compliance-state';
import { AccountsModule } from '../accounts/accounts.module';
import { AutoSuppressionService } from './auto-suppression.service';
import { BlocklistService } from './blocklist.service';
import { ComplianceStateSettingsController } from './compliance-state-settings.controller';
import { ComplianceStateSettingsService } from './compliance-state-settings.service';
import { ComplianceUploadMiddleware } from './compliance-upload.middleware';
import { ConsentService } from './consent.service';
import { ConsentsController } from './consents.controller';
import { OptOutService } from './opt-out.service';
import { OptOutsController } from './opt-outs.controller';
import { PostgresConsentPort } from './postgres-consent.port';
import { PostgresSuppressionPort } from './postgres-suppression.port';
import { RedisFrequencyCaps } from './redis-frequency-caps';
import { SuppressionsController } from './suppressions.controller';

/**
 * Issue 9b: the state the compliance pipeline consults — frequency caps (Redis), suppression (blocklist,
 * automatic, opt-outs) and consent (PostgreSQL) — bound to the pipeline's port tokens, and the API to manage it.
 */
@Module({
  imports: [AccountsModule],
  controllers: [
    OptOutsController,
    ConsentsController,
    SuppressionsController,
    ComplianceStateSettingsController,
  ],
  providers: [
    { provide: OptOutStore, useValue: new OptOutStore() },
    { provide: BlocklistStore, useValue: new BlocklistStore() },
    { provide: AutoSuppressionStore, useValue: new AutoSuppressionStore() },
    { provide: ConsentStore, useValue: new ConsentStore() },
    { provide: ComplianceStateSettingsStore, useValue: new ComplianceStateSettingsStore() },
    { provide: SuppressionLookup, useValue: new SuppressionLookup() },
    RedisFrequencyCaps,
    PostgresSuppressionPort,
    PostgresConsentPort,
    { provide: FREQUENCY_CAP_PORT, useExisting: RedisFrequencyCaps },
    { provide: SUPPRESSION_PORT, useExisting: PostgresSuppressionPort },
    { provide: CONSENT_PORT, useExisting: PostgresConsentPort },
    OptOutService,
    ConsentService,
    BlocklistService,
    AutoSuppressionService,
    ComplianceStateSettingsService,
    ComplianceUploadMiddleware,
  ],
  exports: [
    FREQUENCY_CAP_PORT,
    SUPPRESSION_PORT,
    CONSENT_PORT,
    RedisFrequencyCaps,
    ComplianceStateSettingsService,
    OptOutStore,
  ],
})
export class ComplianceStateModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(ComplianceUploadMiddleware)
      .forRoutes({ path: 'v1/compliance/opt-outs/import', method: RequestMethod.POST });
  }
}
