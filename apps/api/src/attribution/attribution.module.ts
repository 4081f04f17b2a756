import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { ConversionsController } from './conversions.controller';
import { ConversionsService } from './conversions.service';

/** Issue 8b: link analytics (from the rollups) and conversion postbacks. */
@Module({
  imports: [AccountsModule],
  controllers: [AnalyticsController, ConversionsController],
  providers: [AnalyticsService, ConversionsService],
})
export class AttributionModule {}
