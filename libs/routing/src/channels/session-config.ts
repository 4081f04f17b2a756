import type { ChannelConfig, ProtocolLogger } from '@tongdao/protocols';
import type { ChannelDefinition } from './channel-definition';

export interface SecretOpener {
  open(sealed: string): string;
}

/**
 * The session's view of a channel: the definition itself with its secrets opened. `tps` is left to the
 * cluster-wide token bucket (it caps the whole channel across processes, not each connection), and
 * `connections` to the connection leases, so the channel starts with the count it holds leases for.
 */
export function toSessionConfig(
  definition: ChannelDefinition,
  secrets: SecretOpener,
  runtime: {
    connections: number;
    logger?: ProtocolLogger;
    deferReportAck?: boolean;
    deferInboundAck?: boolean;
  },
): ChannelConfig {
  const { passwordSealed, sgip, ...rest } = definition;
  const config: ChannelConfig = {
    ...rest,
    password: secrets.open(passwordSealed),
    tps: undefined,
    ...runtime,
  };
  if (sgip) {
    const { receiver, ...sgipRest } = sgip;
    config.sgip = receiver
      ? {
          ...sgipRest,
          receiver: { ...withoutSealed(receiver), password: secrets.open(receiver.passwordSealed) },
        }
      : sgipRest;
  }
  return config;
}

function withoutSealed<T extends { passwordSealed: string }>(value: T): Omit<T, 'passwordSealed'> {
  const { passwordSealed: _sealed, ...rest } = value;
  return rest;
}

/** Fields whose change needs new connections; anything else (routing, limits, count) applies in place. */
export const TRANSPORT_FIELDS = [
  'protocol',
  'host',
  'port',
  'account',
  'passwordSealed',
  'spId',
  'serviceId',
  'sourceNumber',
  'extensionCode',
  'window',
  'requestTimeoutMs',
  'keepAliveIntervalMs',
  'destinationFormat',
  'preferGbk',
  'concatReferenceBits',
  'retryableResultCodes',
  'sgip',
] as const satisfies ReadonlyArray<keyof ChannelDefinition>;

export function transportChanged(before: ChannelDefinition, after: ChannelDefinition): boolean {
  return TRANSPORT_FIELDS.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}
