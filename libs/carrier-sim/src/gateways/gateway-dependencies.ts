import { RandomSource } from '../behaviour/random-source';
import { RecorderConfig } from '../config/simulator-config';
import { SimulatorLogger } from '../util/simulator-logger';

export interface GatewayDependencies {
  logger: SimulatorLogger;
  recorder: RecorderConfig;
  random?: RandomSource;
  now?: () => number;
}
