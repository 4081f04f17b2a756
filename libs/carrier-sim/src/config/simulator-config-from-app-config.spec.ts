import { loadConfig } from '@tongdao/config';
import { simulatorConfigFromAppConfig } from './simulator-config-from-app-config';

describe('simulatorConfigFromAppConfig', () => {
  it('takes ports from the validated config and knobs from the SIM_* settings over the defaults', () => {
    const { simulator } = loadConfig({
      SIM_CMPP3_PORT: '17890',
      SIM_CONTROL_PORT: '17000',
      SIM_OUTCOMES: 'UNDELIV:1',
    });
    const config = simulatorConfigFromAppConfig(simulator, {
      SIM_OUTCOMES: 'DELIVRD:1',
      SIM_SUBMIT_LATENCY_MS: '1-2',
    });
    const cmpp3 = config.gateways.find((gateway) => gateway.name === 'cmpp3')!;
    expect(cmpp3.port).toBe(17890);
    expect(config.controlApi.port).toBe(17000);
    expect(cmpp3.behaviour.outcomes).toEqual({ UNDELIV: 1 });
    expect(cmpp3.behaviour.submitLatency).toEqual({ minMs: 1, maxMs: 2 });
  });
});
