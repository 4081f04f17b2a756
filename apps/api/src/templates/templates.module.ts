import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { TemplateRepository } from './template.repository';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({
  imports: [AccountsModule],
  controllers: [TemplatesController],
  providers: [TemplateRepository, TemplatesService],
  exports: [TemplateRepository],
})
export class TemplatesModule {}
