import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { ChannelPoolService } from './channels/channel-pool.service';
import { DispatchService } from './dispatch/dispatch.service';
import { MaintenanceService } from './maintenance/maintenance.service';
import { InboundReplyService } from './inbound/inbound-reply.service';
import { ReceiptService } from './receipts/receipt.service';

/**
 * Graceful shutdown in the one order that loses nothing, before the database pool closes:
 * stop claiming and record in-flight outcomes, log out of the carriers, then store the last
 * status reports and replies (anything unstored stays unacknowledged and is resent by the carrier).
 */
@Injectable()
export class DispatcherLifecycleService implements BeforeApplicationShutdown {
  constructor(
    private readonly dispatch: DispatchService,
    private readonly channels: ChannelPoolService,
    private readonly receipts: ReceiptService,
    private readonly maintenance: MaintenanceService,
    private readonly replies: InboundReplyService,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatch.stop();
    await this.channels.close();
    await this.receipts.stop();
    await this.replies.stop();
    this.maintenance.stop();
  }
}
