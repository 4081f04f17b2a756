import { CmppDriver } from '../drivers/cmpp-driver';
import { SgipDriver } from '../drivers/sgip-driver';
import { SmgpDriver } from '../drivers/smgp-driver';
import { SmppDriver } from '../drivers/smpp-driver';
import type { ProtocolDriver } from '../session/protocol-driver';
import type { ProtocolLogger } from '../session/protocol-logger';
import type { ChannelConfig } from './channel-config';

/** Builds the driver for one connection slot of a channel. */
export function createProtocolDriver(config: ChannelConfig, logger: ProtocolLogger): ProtocolDriver<unknown> {
  const common = {
    account: config.account,
    password: config.password,
    retryableResultCodes: config.retryableResultCodes,
    concatReferenceBits: config.concatReferenceBits,
    logger,
  };
  switch (config.protocol) {
    case 'cmpp2':
    case 'cmpp3':
      return new CmppDriver({
        ...common,
        version: config.protocol === 'cmpp3' ? 3 : 2,
        spId: config.spId,
        serviceId: config.serviceId,
      });
    case 'sgip':
      if (!config.sgip) throw new RangeError(`channel ${config.id}: SGIP needs sgip.nodeId and sgip.corpId`);
      return new SgipDriver({
        ...common,
        nodeId: config.sgip.nodeId,
        corpId: config.sgip.corpId,
        serviceId: config.serviceId,
      });
    case 'smgp':
      return new SmgpDriver({ ...common, serviceId: config.serviceId });
    case 'smpp':
      return new SmppDriver(common);
    default:
      throw new RangeError(`channel ${config.id}: unsupported protocol ${String(config.protocol)}`);
  }
}
