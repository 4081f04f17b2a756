import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { AppConfig, loadConfig } from '@tongdao/config';
import { DatabaseModule } from '@tongdao/database';
import { ConfigModule, LoggingModule, MetricsModule, MetricsService, RedisModule } from '@tongdao/platform';
import type { DeliveryReport } from '@tongdao/protocols';
import type { ChannelInput, DispatchMessage, MessageKind } from '@tongdao/routing';
import { TestDatabase, TestRedis } from '@tongdao/testing';
import { ChannelMetrics } from '../../apps/dispatcher/src/channels/channel-metrics';
import { ChannelPoolService } from '../../apps/dispatcher/src/channels/channel-pool.service';

/** Fast settings for tests: short breaker and stall timers, frequent state publishing and learning passes. */
export const FAST_ROUTING: Record<string, string> = {
  ROUTING_RELOAD_POLL_MS: '500',
  ROUTING_STATE_PUBLISH_MS: '200',
  ROUTING_STALL_TIMEOUT_MS: '400',
  ROUTING_BREAKER_VOLUME: '5',
  ROUTING_BREAKER_WINDOW_MS: '5000',
  ROUTING_BREAKER_RESET_MS: '500',
  ROUTING_LEASE_TTL_MS: '3000',
};

export interface TestPool {
  pool: ChannelPoolService;
  config: AppConfig;
  app: INestApplicationContext;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** Just the channel pool (no claim loop) of one dispatcher, on the suite's database and Redis key space. */
export async function startPool(
  db: TestDatabase,
  redis: TestRedis,
  seed: unknown,
  env: Record<string, string> = {},
): Promise<TestPool> {
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.keyPrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DISPATCHER_ID: `pool-${randomUUID().slice(0, 8)}`,
    DISPATCHER_MAX_ATTEMPTS: '5',
    ...FAST_ROUTING,
    ...env,
  });
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(config, 'dispatcher'),
      DatabaseModule.forRoot(config, { appName: 'pool-test', runMigrations: false }),
      RedisModule,
      MetricsModule,
    ],
    providers: [ChannelMetrics, ChannelPoolService],
  })
  class PoolTestModule {}
  const app = await NestFactory.createApplicationContext(PoolTestModule, { logger: false });
  const pool = app.get(ChannelPoolService);
  pool.onReport((_report, ack) => ack());
  await pool.start(seed);
  return {
    pool,
    config,
    app,
    metrics: () => app.get(MetricsService).registry.metrics(),
    close: async () => {
      await pool.close();
      await app.close();
    },
  };
}

let counter = 0;

export function message(overrides: Partial<DispatchMessage> = {}): DispatchMessage {
  counter += 1;
  return {
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    accountId: '00000000-0000-4000-8000-000000000001',
    phone: `+86138${String(10_000_000 + counter).padStart(8, '0')}`,
    kind: 'notification' as MessageKind,
    carrier: 'CMCC',
    province: null,
    segments: 1,
    content: `【Tongdao】test ${counter}`,
    attempts: 1,
    ...overrides,
  };
}

/** A channel on one of the simulator's gateways. */
export function simChannel(
  simulator: CarrierSimulator,
  gateway: string,
  overrides: Partial<ChannelInput> = {},
): ChannelInput {
  const sim = simulator.gateway(gateway);
  const base = {
    host: '127.0.0.1',
    port: sim.port,
    password: 'simpass1',
    requestTimeoutMs: 2_000,
    id: `ch-${gateway}`,
  };
  switch (sim.protocol) {
    case 'cmpp2':
    case 'cmpp3':
      return {
        ...base,
        protocol: sim.protocol,
        account: '900001',
        spId: '900001',
        serviceId: 'TONGDAO',
        sourceNumber: '1069000001',
        carriers: ['CMCC'],
        ...overrides,
      };
    case 'smgp':
      return {
        ...base,
        protocol: 'smgp',
        account: '12345678',
        serviceId: 'TONGDAO',
        sourceNumber: '1069000003',
        carriers: ['CTCC', 'CBN'],
        ...overrides,
      };
    default:
      throw new Error(`no test channel for ${sim.protocol}`);
  }
}

/** Which simulated gateway received each phone number, and how often. */
export function receivedBy(simulator: CarrierSimulator, gateways: string[]): Map<string, string[]> {
  const byPhone = new Map<string, string[]>();
  for (const name of gateways)
    for (const received of simulator.gateway(name).recorder.query({})) {
      const phone = `+86${received.destination.replace(/^86/, '')}`;
      byPhone.set(phone, [...(byPhone.get(phone) ?? []), name]);
    }
  return byPhone;
}

export type { DeliveryReport };
