import { GatewayBehaviour, GatewayConfig, GatewayProtocol, SimulatorConfig } from './simulator-config';

/**
 * Submit result meaning "flow control / throttled". CMPP 8 and SMPP ESME_RTHROTTLED (0x58) are documented;
 * the SGIP and SMGP values are unverified, so they stay overridable per gateway.
 */
export const DEFAULT_FLOW_CONTROL_RESULT: Record<GatewayProtocol, number> = {
  cmpp2: 8,
  cmpp3: 8,
  sgip: 8,
  smgp: 8,
  smpp: 0x58,
};

export const DEFAULT_SECRET = 'simpass1';

export function defaultBehaviour(protocol: GatewayProtocol): GatewayBehaviour {
  return {
    submitLatency: { minMs: 0, maxMs: 0 },
    reportDelay: { minMs: 200, maxMs: 1500 },
    outcomes: { DELIVRD: 97, UNDELIV: 2, EXPIRED: 1 },
    forcedResults: [],
    tpsCap: null,
    flowControlResult: DEFAULT_FLOW_CONTROL_RESULT[protocol],
    dropAfterSubmits: null,
    dropProbability: 0,
    blackHole: false,
    maxConnectionsPerAccount: 8,
    keepAliveIntervalMs: 30_000,
  };
}

function gateway(
  name: string,
  protocol: GatewayProtocol,
  port: number,
  account: string,
  gatewayCode: number,
): GatewayConfig {
  return {
    name,
    protocol,
    host: '127.0.0.1',
    port,
    accounts: [{ account, secret: DEFAULT_SECRET }],
    behaviour: defaultBehaviour(protocol),
    gatewayCode,
    maxFrameBytes: 4096,
    maxPendingReports: 100_000,
  };
}

/**
 * Two gateways per mainland carrier, so the default channels have redundancy to route and fail over across:
 * CMPP 3.0 and 2.0 for China Mobile, two SGIP SMGs for Unicom, two SMGP SMGWs for Telecom; SMPP abroad.
 */
export function defaultSimulatorConfig(): SimulatorConfig {
  const sgip = gateway('sgip', 'sgip', 8801, 'tongdao', 3_010_099_999);
  sgip.sgipReceiver = { host: '127.0.0.1', port: 8802, account: 'tongdao', secret: DEFAULT_SECRET };
  const sgip2 = gateway('sgip2', 'sgip', 8803, 'tongdao', 3_010_099_998);
  sgip2.sgipReceiver = { host: '127.0.0.1', port: 8804, account: 'tongdao', secret: DEFAULT_SECRET };
  return {
    controlApi: { host: '127.0.0.1', port: 7000, enabled: true },
    recorder: { maxMessages: 200_000, maxDuplicateKeys: 1_000_000, maxPendingLongMessages: 50_000 },
    gateways: [
      gateway('cmpp3', 'cmpp3', 7890, '900001', 1),
      gateway('cmpp2', 'cmpp2', 7891, '900001', 2),
      sgip,
      gateway('smgp', 'smgp', 8890, '12345678', 100_001),
      gateway('smpp', 'smpp', 2775, 'tongdao', 0),
      sgip2,
      gateway('smgp2', 'smgp', 8891, '12345678', 100_002),
    ],
  };
}
