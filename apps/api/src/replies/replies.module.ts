import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { RepliesController } from './replies.controller';
import { RepliesRepository } from './replies.repository';
import { RepliesService } from './replies.service';
import { ReplyExtensionService } from './reply-extension.service';
import { ReplySettingsRepository } from './reply-settings.repository';

/** Inbound replies: pull API, unmatched list, per-account reply settings, and extension codes for sending. */
@Module({
  imports: [AccountsModule],
  controllers: [RepliesController],
  providers: [RepliesRepository, ReplySettingsRepository, ReplyExtensionService, RepliesService],
  exports: [ReplyExtensionService],
})
export class RepliesModule {}
