/** The pino-compatible subset the protocol layer logs through; `(obj, msg)` argument order as in pino. */
export interface ProtocolLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => undefined;

export const silentLogger: ProtocolLogger = { debug: noop, info: noop, warn: noop, error: noop };
