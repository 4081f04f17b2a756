import { SgipReceiverServer } from '../drivers/sgip-receiver-server';
import { CarrierChannel } from './carrier-channel';
import type { ChannelConfig } from './channel-config';

/** The dispatcher's entry point: a channel for any supported protocol, not yet started. */
export function createCarrierChannel(config: ChannelConfig): CarrierChannel {
  const receiver = config.protocol === 'sgip' ? config.sgip?.receiver : undefined;
  const inbound = receiver
    ? new SgipReceiverServer({
        ...receiver,
        logger: config.logger,
        deferReportAck: config.deferReportAck,
        deferInboundAck: config.deferInboundAck,
      })
    : undefined;
  return new CarrierChannel(config, inbound);
}
