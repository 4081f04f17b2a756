import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LimitsController } from './limits.controller';
import { TrafficLimiter } from './traffic-limiter';

/** Per-account TPS and quotas (Redis, shared by every API process) and the view of their use. */
@Module({
  imports: [AccountsModule],
  controllers: [LimitsController],
  providers: [TrafficLimiter],
  exports: [TrafficLimiter],
})
export class LimitsModule {}
