import { CarrierSimulator } from '../carrier-simulator';
import { ConfigValidationError } from './config-validation-error';
import { DEFAULT_SECRET, defaultSimulatorConfig } from './default-simulator-config';
import { gatewayFieldProblems } from './gateway-field-limits';
import { loadSimulatorConfigFromEnv } from './simulator-config-from-env';

describe('simulated gateways fit their protocols', () => {
  it('ships defaults every protocol can carry: the SMPP password is at most 8 octets', () => {
    expect(DEFAULT_SECRET.length).toBeLessThanOrEqual(8);
    expect(gatewayFieldProblems(defaultSimulatorConfig())).toEqual([]);
  });

  it('refuses, at configuration, secrets and accounts the protocols cannot send, listing all at once', () => {
    const load = () =>
      loadSimulatorConfigFromEnv({
        SIM_SMPP_SECRET: 'sim-secret',
        SIM_SMGP_ACCOUNT: '123456789',
        SIM_CMPP3_ACCOUNT: '9000011',
        SIM_SGIP_RECEIVER_SECRET: 'r'.repeat(17),
      });
    expect(load).toThrow(ConfigValidationError);
    let message = '';
    try {
      load();
    } catch (error) {
      message = (error as ConfigValidationError).message;
      expect((error as ConfigValidationError).field).toBe('gateways.cmpp3.accounts.0.account');
    }
    for (const fragment of [
      'gateways.cmpp3.accounts.0.account: CMPP Source_Addr (SP code) holds at most 6 octets',
      'gateways.sgip.sgipReceiver.secret: SGIP Login Password (the SMG binding to us) holds at most 16 octets',
      'gateways.smgp.accounts.0.account: SMGP ClientID holds at most 8 octets',
      'gateways.smpp.accounts.0.secret: SMPP 3.4 password holds at most 8 octets; this one has 10',
    ])
      expect(message).toContain(fragment);
  });

  it('refuses the same in a configuration built in code', () => {
    const config = defaultSimulatorConfig();
    config.gateways.find((gateway) => gateway.name === 'smpp')!.accounts[0]!.account = 's'.repeat(16);
    expect(() => new CarrierSimulator(config)).toThrow(
      /gateways\.smpp\.accounts\.0\.account: SMPP 3\.4 system_id/,
    );
  });
});
