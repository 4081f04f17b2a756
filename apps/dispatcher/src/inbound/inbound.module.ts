import { Module } from '@nestjs/common';
import { InboundReplyRepository } from './inbound-reply.repository';
import { InboundReplyService } from './inbound-reply.service';
import { OPT_OUT_REGISTRY } from './opt-out-registry';
import { OptOutListRegistry } from './opt-out-list.registry';

/** Inbound replies (MO) in the dispatcher: routed, classified, stored, then acknowledged to the carrier. */
@Module({
  providers: [
    InboundReplyRepository,
    { provide: OPT_OUT_REGISTRY, useClass: OptOutListRegistry },
    InboundReplyService,
  ],
  exports: [InboundReplyService],
})
export class InboundModule {}
