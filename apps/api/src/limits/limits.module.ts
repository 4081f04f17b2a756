import { Module } from '@nestjs/common';
import { TrafficLimiter } from './traffic-limiter';

@Module({ providers: [TrafficLimiter], exports: [TrafficLimiter] })
export class LimitsModule {}
