import pino, { Logger, LoggerOptions } from 'pino';
import { maskPhonesDeep, maskPhonesInText } from './mask-phones';
import { serializeError } from './serialize-error';

/** Paths that may carry secrets; pino removes them before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-tongdao-signature"]',
  'req.headers.cookie',
  'password',
  'secret',
  '*.password',
  '*.secret',
  '*.apiKey',
  '*.api_key',
  '*.signingSecret',
];

export function loggerOptions(level: string, name: string): LoggerOptions {
  return {
    name,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    formatters: { log: (object) => maskPhonesDeep(object) },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskPhonesInText(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(level: string, name: string): Logger {
  return pino(loggerOptions(level, name));
}
