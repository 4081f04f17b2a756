import { AppConfig } from '@tongdao/config';
import { ChannelDefinition } from './channel-definition';

/**
 * The channels `npm start` uses: one per simulated carrier gateway, on the simulator's default
 * ports and development credentials (the simulator is a local development tool, not a carrier).
 */
export function simulatorChannels(config: AppConfig): ChannelDefinition[] {
  const { host, ports } = config.simulator;
  const common = {
    host,
    kinds: ['verification', 'notification', 'marketing'] as const,
    priority: 1,
    enabled: true,
  };
  return [
    {
      ...common,
      id: 'sim-cmcc-cmpp3',
      protocol: 'cmpp3',
      port: ports.cmpp3,
      account: '900001',
      password: 'sim-secret',
      spId: '900001',
      serviceId: 'TONGDAO',
      sourceNumber: '1069000001',
      carriers: ['CMCC'],
      international: false,
      kinds: [...common.kinds],
      connections: 2,
      window: 16,
    },
    {
      ...common,
      id: 'sim-cucc-sgip',
      protocol: 'sgip',
      port: ports.sgip,
      account: 'tongdao',
      password: 'sim-secret',
      sourceNumber: '1065500001',
      carriers: ['CUCC'],
      international: false,
      kinds: [...common.kinds],
      connections: 1,
      window: 16,
      sgip: {
        nodeId: 3010012345,
        corpId: '12345',
        receiver: { host, port: ports.sgipReceiver, account: 'tongdao', password: 'sim-secret' },
      },
    },
    {
      ...common,
      id: 'sim-ctcc-smgp',
      protocol: 'smgp',
      port: ports.smgp,
      account: '12345678',
      password: 'sim-secret',
      serviceId: 'TONGDAO',
      sourceNumber: '1069000003',
      carriers: ['CTCC', 'CBN'],
      international: false,
      kinds: [...common.kinds],
      connections: 1,
      window: 16,
    },
    {
      ...common,
      id: 'sim-intl-smpp',
      protocol: 'smpp',
      port: ports.smpp,
      account: 'tongdao',
      password: 'sim-secret',
      sourceNumber: '10690000',
      carriers: [],
      international: true,
      kinds: [...common.kinds],
      priority: 1,
      connections: 1,
      window: 16,
    },
  ];
}
