import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG, REDIS } from '@tongdao/platform';
import { ClickHooks, ClickLog, MemoryClickLog, RedisClickLog } from '@tongdao/short-links';
import { CLICK_LOG } from './click-log.tokens';
import { CLICK_WRITER_ENABLED, ClickRecordingService } from './click-recording.service';

/**
 * The click log (a Redis Stream; in memory in the embedded mode) and, where enabled, the writer that moves it into
 * PostgreSQL. `ClickHooks` is global: a module deriving data from clicks injects it and registers a listener.
 */
@Global()
@Module({})
export class ClickRecordingModule implements OnApplicationShutdown {
  constructor(@Inject(CLICK_LOG) private readonly log: ClickLog) {}

  static forRoot(options: { writer: boolean }): DynamicModule {
    return {
      module: ClickRecordingModule,
      providers: [
        ClickHooks,
        {
          provide: CLICK_LOG,
          inject: [APP_CONFIG, REDIS],
          useFactory: (config: AppConfig, redis: Redis): ClickLog =>
            config.redis.url ? new RedisClickLog(redis) : embeddedClickLog(),
        },
        { provide: CLICK_WRITER_ENABLED, useValue: options.writer },
        ClickRecordingService,
      ],
      exports: [ClickHooks, CLICK_LOG],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}

/** One in-memory log per process, so the all-in-one process's redirector and writer share it. */
let embedded: MemoryClickLog | undefined;
function embeddedClickLog(): MemoryClickLog {
  embedded ??= new MemoryClickLog();
  return embedded;
}
