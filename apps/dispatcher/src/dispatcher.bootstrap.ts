import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import type { QueueDepth } from '@tongdao/database';
import { kindOfLane } from '@tongdao/lifecycle';
import { HttpErrorFilter } from '@tongdao/platform';
import type { QueueSample } from '@tongdao/routing';
import { ChannelPoolService } from './channels/channel-pool.service';
import { DispatcherModule } from './dispatcher.module';
import { DispatchService } from './dispatch/dispatch.service';
import { MaintenanceService } from './maintenance/maintenance.service';
import { InboundReplyService } from './inbound/inbound-reply.service';
import { ReceiptService } from './receipts/receipt.service';

export interface DispatcherBootstrapOptions {
  /**
   * Seeds these channels instead of CHANNELS_FILE or the simulator defaults: a channel file's content, a list
   * of channels or `{ channels, routes }` (tests point them at their own simulator).
   */
  channels?: unknown;
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
  const dispatch = app.get(DispatchService);
  const replies = app.get(InboundReplyService);
  pool.onReport((report, ack) => receipts.accept(report, ack));
  // Finalized receipts teach routing; the queue's depth shows next to the channels in the operations API.
  receipts.onDeliveries((observations) =>
    observations.forEach((outcome) => pool.recordReceiptOutcome(outcome)),
  );
  pool.setQueueSource(() => queueSamples(dispatch.queueDepth()));
  pool.onInbound((message, ack) => replies.accept(message, ack));
  await app.get(MaintenanceService).start();
  receipts.start();
  await pool.start(options.channels);
  dispatch.start();

  if (options.listen ?? true) await app.listen(config.dispatcher.healthPort, config.api.host);
  return app;
}

function queueSamples(depths: readonly QueueDepth[], now = Date.now()): QueueSample[] {
  return depths.map((depth) => ({
    kind: kindOfLane(depth.lane),
    route: depth.route,
    depth: depth.due,
    oldestAgeMs: depth.oldestDueAt ? Math.max(0, now - depth.oldestDueAt.getTime()) : null,
  }));
}
