import { RandomSource } from './behaviour/random-source';
import { CmppGateway } from './cmpp/cmpp-gateway';
import { assertGatewayFieldLimits } from './config/gateway-field-limits';
import { GatewayConfig, SimulatorConfig } from './config/simulator-config';
import { ControlApiServer } from './control/control-api-server';
import { GatewayDependencies } from './gateways/gateway-dependencies';
import { SimulatedGateway } from './gateways/simulated-gateway';
import { SgipGateway } from './sgip/sgip-gateway';
import { SmgpGateway } from './smgp/smgp-gateway';
import { SmppGateway } from './smpp/smpp-gateway';
import { silentLogger, SimulatorLogger } from './util/simulator-logger';

export interface CarrierSimulatorOptions {
  logger?: SimulatorLogger;
  /** Deterministic randomness for tests. */
  random?: RandomSource;
  /** Clock for flow control and recorded times; tests pin it to make the TPS window deterministic. */
  now?: () => number;
}

function createGateway(config: GatewayConfig, dependencies: GatewayDependencies): SimulatedGateway {
  switch (config.protocol) {
    case 'cmpp2':
    case 'cmpp3':
      return new CmppGateway(config, dependencies);
    case 'smgp':
      return new SmgpGateway(config, dependencies);
    case 'sgip':
      return new SgipGateway(config, dependencies);
    case 'smpp':
      return new SmppGateway(config, dependencies);
  }
}

/** Hosts several simulated carrier gateways plus the HTTP control API. */
export class CarrierSimulator {
  private readonly gatewaysByName = new Map<string, SimulatedGateway>();
  private readonly control: ControlApiServer;
  private readonly logger: SimulatorLogger;
  private started = false;

  constructor(
    private readonly config: SimulatorConfig,
    options: CarrierSimulatorOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    assertGatewayFieldLimits(config);
    const dependencies: GatewayDependencies = {
      logger: this.logger,
      recorder: config.recorder,
      random: options.random,
      now: options.now,
    };
    for (const gatewayConfig of config.gateways) {
      if (this.gatewaysByName.has(gatewayConfig.name))
        throw new Error(`duplicate gateway name ${gatewayConfig.name}`);
      this.gatewaysByName.set(gatewayConfig.name, createGateway(gatewayConfig, dependencies));
    }
    this.control = new ControlApiServer(this.gatewaysByName, this.logger);
  }

  get controlPort(): number {
    return this.control.port;
  }

  gateways(): SimulatedGateway[] {
    return [...this.gatewaysByName.values()];
  }

  gateway(name: string): SimulatedGateway {
    const gateway = this.gatewaysByName.get(name);
    if (!gateway) throw new Error(`no simulated gateway named ${name}`);
    return gateway;
  }

  async start(): Promise<void> {
    try {
      for (const gateway of this.gatewaysByName.values()) {
        await gateway.start();
        this.logger.info(
          { gateway: gateway.name, protocol: gateway.protocol, port: gateway.port },
          'simulated gateway listening',
        );
      }
      if (this.config.controlApi.enabled) {
        await this.control.listen(this.config.controlApi.host, this.config.controlApi.port);
        this.logger.info({ port: this.control.port }, 'simulator control API listening');
      }
      this.started = true;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.control.close();
    await Promise.all([...this.gatewaysByName.values()].map((gateway) => gateway.stop()));
    this.started = false;
  }

  get running(): boolean {
    return this.started;
  }
}
