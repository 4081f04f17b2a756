import { Module } from '@nestjs/common';
import { AccountRepository } from './account.repository';
import { AccountProvisioning } from './account-provisioning';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { ActingAccountResolver } from './acting-account.resolver';
import { ApiKeyIssuer } from '../api-keys/api-key-issuer';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { ApiKeysService } from '../api-keys/api-keys.service';

@Module({
  controllers: [AccountsController, ApiKeysController],
  providers: [
    AccountRepository,
    AccountsService,
    ActingAccountResolver,
    ApiKeyRepository,
    ApiKeyIssuer,
    ApiKeysService,
    AccountProvisioning,
  ],
  exports: [AccountRepository, AccountsService, ActingAccountResolver, ApiKeyIssuer, AccountProvisioning],
})
export class AccountsModule {}
