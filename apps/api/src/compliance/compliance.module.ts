import { Module } from '@nestjs/common';
import { NumberDataModule } from '@tongdao/number-data';
import { LINK_DOMAIN_DIRECTORY, SHORT_DOMAIN_DIRECTORY } from '@tongdao/compliance';
import { AccountsModule } from '../accounts/accounts.module';
import { RepliesModule } from '../replies/replies.module';
import { SignaturesModule } from '../signatures/signatures.module';
import { TemplatesModule } from '../templates/templates.module';
import { SendContextModule } from '../messages/send-context.module';
import { AcceptanceCompliance } from './acceptance-compliance';
import { COMPLIANCE_CLOCK, systemClock } from './compliance-clock';
import { ComplianceAdminController } from './compliance-admin.controller';
import { ComplianceAdminService } from './compliance-admin.service';
import { CompliancePolicyStore } from './compliance-policy.store';
import { ComplianceRepository } from './compliance.repository';
import { ComplianceSettingsPatchController } from './compliance-settings-patch.controller';
import { ComplianceStateModule } from './compliance-state.module';
import { SqlLinkDomainDirectory } from './link-domain-directory.adapter';
import { HeldReviewController } from './held-review.controller';
import { HeldReviewService } from './held-review.service';
import { MessageCheckController } from './message-check.controller';
import { MessageCheckService } from './message-check.service';
import { SensitiveWordCatalog } from './sensitive-word-catalog';
import { SqlShortDomainDirectory } from './short-domain-directory.adapter';

/**
 * Compliance at acceptance (issue 9a): the pipeline the message API runs, its word lists, link domains and
 * settings, and the dry run. The state ports (caps, suppression, consent) come from ComplianceStateModule (issue 9b).
 */
@Module({
  imports: [
    AccountsModule,
    SignaturesModule,
    TemplatesModule,
    RepliesModule,
    NumberDataModule,
    SendContextModule,
    // Issue 9b: the state ports (caps in Redis, suppression and consent in PostgreSQL) and their API
    ComplianceStateModule,
  ],
  controllers: [
    MessageCheckController,
    ComplianceAdminController,
    ComplianceSettingsPatchController,
    HeldReviewController,
  ],
  providers: [
    ComplianceRepository,
    SensitiveWordCatalog,
    CompliancePolicyStore,
    SqlLinkDomainDirectory,
    { provide: LINK_DOMAIN_DIRECTORY, useExisting: SqlLinkDomainDirectory },
    SqlShortDomainDirectory,
    { provide: SHORT_DOMAIN_DIRECTORY, useExisting: SqlShortDomainDirectory },
    { provide: COMPLIANCE_CLOCK, useValue: systemClock },
    AcceptanceCompliance,
    MessageCheckService,
    ComplianceAdminService,
    HeldReviewService,
  ],
  exports: [AcceptanceCompliance, SensitiveWordCatalog, ComplianceRepository],
})
export class ComplianceModule {}
