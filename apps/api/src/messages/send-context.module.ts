import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { RepliesModule } from '../replies/replies.module';
import { SignaturesModule } from '../signatures/signatures.module';
import { TemplatesModule } from '../templates/templates.module';
import { CallbackUrlPolicy } from './callback-url.policy';
import { SendContextResolver } from './send-context.resolver';

/** What a send request resolves to before any recipient is looked at; shared by sending and the dry run. */
@Module({
  imports: [AccountsModule, SignaturesModule, TemplatesModule, RepliesModule],
  providers: [SendContextResolver, CallbackUrlPolicy],
  exports: [SendContextResolver],
})
export class SendContextModule {}
