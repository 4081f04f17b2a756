import { ConfigValidationError } from './config-validation-error';
import { parseBehaviourPatch } from './behaviour-patch';
import { defaultSimulatorConfig } from './default-simulator-config';
import { loadSimulatorConfigFromEnv } from './simulator-config-from-env';

describe('defaultSimulatorConfig', () => {
  it('has the documented gateways, ports and outcome mix', () => {
    const config = defaultSimulatorConfig();
    expect(config.gateways.map((gateway) => [gateway.name, gateway.port])).toEqual([
      ['cmpp3', 7890],
      ['cmpp2', 7891],
      ['sgip', 8801],
      ['smgp', 8890],
      ['smpp', 2775],
      ['sgip2', 8803],
      ['smgp2', 8891],
    ]);
    expect(config.controlApi.port).toBe(7000);
    expect(config.gateways[5].sgipReceiver?.port).toBe(8804);
    expect(config.gateways[2].sgipReceiver).toMatchObject({
      host: '127.0.0.1',
      port: 8802,
      account: 'tongdao',
    });
    expect(config.gateways[0].behaviour).toMatchObject({
      reportDelay: { minMs: 200, maxMs: 1500 },
      outcomes: { DELIVRD: 97, UNDELIV: 2, EXPIRED: 1 },
    });
  });
});

describe('parseBehaviourPatch', () => {
  it('accepts weighted delay buckets and raw carrier codes', () => {
    expect(
      parseBehaviourPatch({
        reportDelay: { buckets: [{ minMs: 0, maxMs: 10, weight: 1 }] },
        outcomes: { 'MK:0001': 1 },
      }),
    ).toEqual({ reportDelay: { buckets: [{ minMs: 0, maxMs: 10, weight: 1 }] }, outcomes: { 'MK:0001': 1 } });
  });

  it.each([
    [{ dropProbability: 2 }, 'dropProbability'],
    [{ blackHole: 'yes' }, 'blackHole'],
    [{ outcomes: { DELIVRD: 0 } }, 'outcomes'],
    [
      {
        forcedResults: [
          { code: 8, fraction: 0.6 },
          { code: 9, fraction: 0.6 },
        ],
      },
      'forcedResults',
    ],
    [{ reportDelay: { buckets: [] } }, 'reportDelay.buckets'],
  ])('rejects %j at %s', (input, field) => {
    expect(() => parseBehaviourPatch(input)).toThrow(ConfigValidationError);
    try {
      parseBehaviourPatch(input);
    } catch (err) {
      expect((err as ConfigValidationError).field).toBe(field);
    }
  });
});

describe('loadSimulatorConfigFromEnv', () => {
  it('returns the defaults for an empty record', () => {
    expect(loadSimulatorConfigFromEnv({})).toEqual(defaultSimulatorConfig());
  });

  it('applies ports, credentials, shared knobs and per-gateway JSON behaviour', () => {
    const config = loadSimulatorConfigFromEnv({
      SIM_CMPP3_PORT: '17890',
      SIM_CMPP3_SECRET: 'other',
      SIM_SGIP_RECEIVER_PORT: '18802',
      SIM_REPORT_DELAY_MS: '10-20',
      SIM_OUTCOMES: 'DELIVRD:9,MK:0001:1',
      SIM_SMPP_BEHAVIOUR: '{"tpsCap":100}',
      SIM_GATEWAYS: 'cmpp3,sgip,smpp',
    });
    expect(config.gateways.map((gateway) => gateway.name)).toEqual(['cmpp3', 'sgip', 'smpp']);
    expect(config.gateways[0]).toMatchObject({
      port: 17890,
      accounts: [{ account: '900001', secret: 'other' }],
    });
    expect(config.gateways[0].behaviour).toMatchObject({
      reportDelay: { minMs: 10, maxMs: 20 },
      outcomes: { DELIVRD: 9, 'MK:0001': 1 },
    });
    expect(config.gateways[1].sgipReceiver?.port).toBe(18802);
    expect(config.gateways[2].behaviour.tpsCap).toBe(100);
  });

  it.each([
    [{ SIM_CMPP3_PORT: '70000' }, 'SIM_CMPP3_PORT'],
    [{ SIM_REPORT_DELAY_MS: 'soon' }, 'SIM_REPORT_DELAY_MS'],
    [{ SIM_SMGP_BEHAVIOUR: '{' }, 'SIM_SMGP_BEHAVIOUR'],
    [{ SIM_GATEWAYS: 'cmpp9' }, 'SIM_GATEWAYS'],
  ])('rejects %j naming %s', (env, field) => {
    expect(() => loadSimulatorConfigFromEnv(env)).toThrow(expect.objectContaining({ field }));
  });
});
