import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { loadConfig } from '@tongdao/config';
import type { ChannelInput } from '@tongdao/routing';
import { bootstrapDispatcher } from '../../apps/dispatcher/src/dispatcher.bootstrap';

/** Channel definitions pointing at a running test simulator's CMPP 3.0 and SMGP gateways. */
export type TestChannel = ChannelInput & { window: number; connections: number };

export function channelsFor(
  simulator: CarrierSimulator,
  overrides: Partial<ChannelInput> = {},
): TestChannel[] {
  const base = {
    host: '127.0.0.1',
    password: 'simpass1',
    international: false,
    kinds: ['verification', 'notification', 'marketing'] as ChannelInput['kinds'],
    priority: 1,
    connections: 1,
    window: 16,
    enabled: true,
    requestTimeoutMs: 2000,
  };
  const channels: TestChannel[] = [];
  for (const gateway of simulator.gateways()) {
    if (gateway.protocol === 'cmpp3') {
      channels.push({
        ...base,
        id: `test-${gateway.name}`,
        protocol: 'cmpp3',
        port: gateway.port,
        account: '900001',
        spId: '900001',
        serviceId: 'TONGDAO',
        sourceNumber: '1069000001',
        carriers: ['CMCC'],
        ...overrides,
      });
    }
    if (gateway.protocol === 'smgp') {
      channels.push({
        ...base,
        id: `test-${gateway.name}`,
        protocol: 'smgp',
        port: gateway.port,
        account: '12345678',
        serviceId: 'TONGDAO',
        sourceNumber: '1069000003',
        carriers: ['CTCC', 'CBN'],
        ...overrides,
      });
    }
  }
  return channels;
}

export async function startDispatcher(
  databaseUrl: string,
  channels: unknown,
  env: Record<string, string> = {},
): Promise<INestApplication> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    DISPATCHER_POLL_INTERVAL_MS: '20',
    DISPATCHER_ID: `test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
    ...env,
  });
  return bootstrapDispatcher(config, { channels, listen: false, runMigrations: false });
}

export interface SpawnedDispatcherOptions {
  databaseUrl: string;
  channels: unknown;
  leaseSeconds?: number;
  /** With both, the process shares leases, rate buckets and statistics with others on the same prefix. */
  redisUrl?: string;
  redisKeyPrefix?: string;
  /** More configuration variables for the process. */
  env?: Record<string, string>;
}

/** A dispatcher in a process of its own (so a test can kill it); resolves once its claim loop runs. */
export async function spawnDispatcher(options: SpawnedDispatcherOptions): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'fixtures', 'run-dispatcher.ts'), JSON.stringify(options)],
    {
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' },
    },
  );
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.stdout!.on('data', (chunk) => {
      if (String(chunk).includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`dispatcher exited with ${code}: ${stderr}`)));
  });
  return child;
}
