/** The subset of pino's logger the simulator uses; pass a pino instance or anything shaped like it. */
export interface SimulatorLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: SimulatorLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
