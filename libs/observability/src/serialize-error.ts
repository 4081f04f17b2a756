import { stdSerializers } from 'pino';
import { maskPhonesInText } from './mask-phones';

/**
 * Properties of database errors that carry the values of a statement: TypeORM's QueryFailedError keeps the
 * bound `parameters` (phone numbers, message text with verification codes, template parameters) and the
 * driver's error, whose `detail` quotes row values (`Key (phone)=(…) already exists`).
 */
const VALUE_CARRYING = ['parameters', 'driverError', 'detail', 'where', 'internalQuery', 'hint'];

type SerializedError = ReturnType<typeof stdSerializers.err> & Record<string, unknown>;

/**
 * The `err` serializer of every logger: pino's own, minus anything that carries values. A failed query is
 * logged with its code, message and statement text, never its parameters.
 */
export function serializeError(error: unknown): unknown {
  if (error instanceof Error) return scrub(stdSerializers.err(error) as SerializedError, 0);
  // pino-http hands its error serializer what pino's own already made of the error: a fresh plain object.
  if (error !== null && typeof error === 'object') return scrub(error as SerializedError, 0);
  return error;
}

function scrub(serialized: SerializedError, depth: number): SerializedError {
  for (const key of VALUE_CARRYING) delete serialized[key];
  if (typeof serialized.message === 'string') serialized.message = maskPhonesInText(serialized.message);
  if (typeof serialized.stack === 'string') serialized.stack = maskPhonesInText(serialized.stack);
  const cause = serialized.cause as unknown;
  if (cause && typeof cause === 'object' && depth < 4)
    (serialized as Record<string, unknown>).cause = scrub(cause as SerializedError, depth + 1);
  return serialized;
}
