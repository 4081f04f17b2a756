import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../redis/redis.tokens';

type CheckResult = { ok: true; latency_ms: number } | { ok: false; error: string };

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Optional() private readonly dataSource?: DataSource,
    @Optional() @Inject(REDIS) private readonly redis?: Redis,
  ) {}

  /** Liveness: the process is up and its event loop answers. */
  @Get('healthz')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is alive' })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis both answer. */
  @Get('readyz')
  @ApiOkResponse({ description: 'PostgreSQL and Redis are reachable' })
  async readiness(@Res() response: Response): Promise<void> {
    const checks: Record<string, CheckResult> = {};
    if (this.dataSource) checks.postgres = await timed(() => this.dataSource!.query('SELECT 1'));
    if (this.redis) checks.redis = await timed(() => this.redis!.ping());
    const ready = Object.values(checks).every((check) => check.ok);
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  }
}

async function timed(probe: () => Promise<unknown>): Promise<CheckResult> {
  const started = process.hrtime.bigint();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    });
    await Promise.race([probe(), timeout]);
    return { ok: true, latency_ms: Number(process.hrtime.bigint() - started) / 1e6 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
