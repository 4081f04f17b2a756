import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RoutingConfigRepository } from '@tongdao/database';
import { ChannelStatusService } from './channel-status.service';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { RoutesController } from './routes.controller';
import { RoutesService } from './routes.service';
import { RoutingCluster } from './routing-cluster';

/** Operator management of channels and routing rules, and the channels' live state (issue 6). */
@Module({
  controllers: [ChannelsController, RoutesController],
  providers: [
    {
      provide: RoutingConfigRepository,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new RoutingConfigRepository(ds),
    },
    RoutingCluster,
    ChannelsService,
    RoutesService,
    ChannelStatusService,
  ],
})
export class ChannelsModule {}
