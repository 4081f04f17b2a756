import { AppConfig } from '@tongdao/config';
import type { CarrierCode, ChannelInput } from '@tongdao/routing';

/** The Guangdong province route `npm start` demonstrates (numbers such as 13600000000 are in Guangdong). */
export const DEMO_PROVINCE_ROUTE = 'sim-gd-mobile';

/**
 * What `npm start` seeds when no CHANNELS_FILE is set, in the channel-file format: two channels per mainland
 * carrier on the simulator's gateways (development credentials: the simulator is a local tool, not a carrier),
 * SMPP for numbers abroad, and one province route, so routing, weighted spread and failover can be watched.
 */
export function simulatorChannelFile(config: AppConfig): { channels: ChannelInput[]; routes: unknown[] } {
  const { host, ports } = config.simulator;
  const password = 'simpass1';
  const cmpp = {
    host,
    account: '900001',
    password,
    spId: '900001',
    serviceId: 'TONGDAO',
    carriers: ['CMCC'] as CarrierCode[],
  };
  const sgip = (port: number, receiverPort: number) => ({
    protocol: 'sgip' as const,
    host,
    port,
    account: 'tongdao',
    password,
    sourceNumber: '1065500001',
    carriers: ['CUCC'] as CarrierCode[],
    sgip: {
      nodeId: 3010012345,
      corpId: '12345',
      receiver: { host, port: receiverPort, account: 'tongdao', password },
    },
  });
  const smgp = { protocol: 'smgp' as const, host, account: '12345678', password, serviceId: 'TONGDAO' };
  return {
    channels: [
      {
        ...cmpp,
        id: 'sim-cmcc-cmpp3',
        protocol: 'cmpp3',
        port: ports.cmpp3,
        sourceNumber: '1069000001',
        connections: 2,
        weight: 2,
      },
      {
        ...cmpp,
        id: 'sim-cmcc-cmpp2',
        protocol: 'cmpp2',
        port: ports.cmpp2,
        sourceNumber: '1069000002',
        weight: 1,
      },
      { ...sgip(ports.sgip, ports.sgipReceiver), id: 'sim-cucc-sgip' },
      { ...sgip(ports.sgip2, ports.sgip2Receiver), id: 'sim-cucc-sgip2' },
      {
        ...smgp,
        id: 'sim-ctcc-smgp',
        port: ports.smgp,
        sourceNumber: '1069000003',
        carriers: ['CTCC', 'CBN'],
      },
      {
        ...smgp,
        id: 'sim-ctcc-smgp2',
        port: ports.smgp2,
        sourceNumber: '1069000004',
        carriers: ['CTCC', 'CBN'],
      },
      {
        id: 'sim-intl-smpp',
        protocol: 'smpp',
        host,
        port: ports.smpp,
        account: 'tongdao',
        password,
        sourceNumber: '10690000',
        international: true,
      },
    ],
    routes: [
      {
        id: DEMO_PROVINCE_ROUTE,
        target: 'CMCC',
        province: '广东',
        channels: [{ channelId: 'sim-cmcc-cmpp2' }],
        description: 'China Mobile numbers in Guangdong go over CMPP 2.0 first',
      },
    ],
  };
}
