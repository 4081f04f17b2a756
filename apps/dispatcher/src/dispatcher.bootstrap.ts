import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { HttpErrorFilter } from '@tongdao/platform';
import { ChannelPoolService } from './channels/channel-pool.service';
import { ChannelDefinition } from './channels/channel-definition';
import { DispatcherModule } from './dispatcher.module';
import { DispatchService } from './dispatch/dispatch.service';
import { MaintenanceService } from './maintenance/maintenance.service';
import { InboundReplyService } from './inbound/inbound-reply.service';
import { ReceiptService } from './receipts/receipt.service';

export interface DispatcherBootstrapOptions {
  /** Overrides the configured channels (tests point them at their own simulator). */
  channels?: ChannelDefinition[];
  runMigrations?: boolean;
  listen?: boolean;
  /** Standalone processes close on SIGTERM; the all-in-one launcher orders shutdown itself. */
  shutdownHooks?: boolean;
}

/**
 * Starts the dispatcher: channels, receipt handling and the claim loop, plus a small HTTP
 * server for /healthz, /readyz and /metrics.
 */
export async function bootstrapDispatcher(
  config: AppConfig,
  options: DispatcherBootstrapOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(
    DispatcherModule.forRoot(config, { runMigrations: options.runMigrations }),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new HttpErrorFilter());
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.init();

  const receipts = app.get(ReceiptService);
  const pool = app.get(ChannelPoolService);
  const replies = app.get(InboundReplyService);
  pool.onReport((report, ack) => receipts.accept(report, ack));
  pool.onInbound((message, ack) => replies.accept(message, ack));
  await app.get(MaintenanceService).start();
  receipts.start();
  await pool.start(options.channels);
  app.get(DispatchService).start();

  if (options.listen ?? true) await app.listen(config.dispatcher.healthPort, config.api.host);
  return app;
}
