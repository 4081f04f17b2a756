import { z } from 'zod';
import { protocolFieldProblems, type ProtocolFieldValues } from '@tongdao/protocols';
import { CarrierCode, MESSAGE_KINDS, MessageKind } from '../route-types';
import { normalizeProvince } from '../provinces/province';

const carrier = z.enum(['CMCC', 'CUCC', 'CTCC', 'CBN']) satisfies z.ZodType<CarrierCode>;
const kind = z.enum(['verification', 'notification', 'marketing']) satisfies z.ZodType<MessageKind>;
const digits = (max: number) => z.string().regex(new RegExp(`^\\d{1,${max}}$`), `must be 1 to ${max} digits`);
const resultCode = z.number().int().min(0).max(0xffffffff);

const province = z.string().transform((value, context) => {
  const short = normalizeProvince(value);
  if (!short) context.addIssue({ code: 'custom', message: `unknown province ${value}` });
  return short ?? value;
});

/** A secret given either in clear (sealed on the way in) or already sealed with SECRETS_KEY. */
const secretFields = {
  password: z.string().min(1).optional(),
  passwordSealed: z.string().min(1).optional(),
};

const sgipSettings = z.object({
  nodeId: z.number().int().nonnegative().max(0xffffffff),
  corpId: z.string().regex(/^\d{1,5}$/, 'must be 1 to 5 digits'),
  /** Where the carrier's SMG binds to us (login type 2) to deliver reports and replies. */
  receiver: z
    .object({
      host: z.string().min(1),
      port: z.number().int().min(0).max(65535),
      account: z.string().min(1),
      ...secretFields,
    })
    .strict()
    .optional(),
});

/**
 * The one channel shape, from config/ files, the operator API and the `channels` table to the carrier session:
 * transport (endpoint, credentials, session tuning) and routing (carriers, provinces, kinds, priority, weight,
 * cost, limits). `CarrierChannel` takes it as it is (see `toSessionConfig`), so a field added here reaches the
 * session without a copy in between.
 */
export const channelInputSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, at most 63'),
    protocol: z.enum(['cmpp2', 'cmpp3', 'sgip', 'smgp', 'smpp']),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    /** CMPP Source_Addr / SGIP login name / SMGP ClientID / SMPP system_id. */
    account: z.string().min(1).max(32),
    ...secretFields,
    /** Their widths depend on the protocol: see protocolFieldProblems (libs/protocols/src/limits). */
    spId: z.string().max(32).optional(),
    serviceId: z.string().max(32).optional(),
    /** The SP access number (接入号) messages are sent from. */
    sourceNumber: digits(21),
    /** Digits appended to the access number for this channel (扩展码); a message may append its own after it. */
    extensionCode: z
      .string()
      .regex(/^\d{0,20}$/, 'must be digits')
      .optional(),
    /** Mainland networks this channel reaches. */
    carriers: z.array(carrier).max(4).default([]),
    /** Whether it also carries non-mainland numbers (an international aggregator). */
    international: z.boolean().default(false),
    /** Provinces served; null or absent means all. */
    provinces: z.array(province).min(1).max(34).nullable().default(null),
    kinds: z
      .array(kind)
      .min(1)
      .default([...MESSAGE_KINDS]),
    /** Lower is preferred: a channel of priority 2 only takes traffic its carrier's priority-1 channels cannot. */
    priority: z.number().int().min(0).max(1000).default(1),
    /** Share of its group's traffic, relative to the other channels of the group. */
    weight: z.number().int().min(1).max(10_000).default(1),
    /** What one segment costs on this channel, in integer minor currency units. */
    costPerSegment: z.number().int().min(0).max(1_000_000_000).default(0),
    /** Connections across all dispatcher processes together. */
    connections: z.number().int().min(1).max(64).default(1),
    window: z.number().int().min(1).max(1024).default(16),
    /** Segments per second across all dispatcher processes together; absent means no cap. */
    tps: z.number().positive().max(1_000_000).optional(),
    requestTimeoutMs: z.number().int().positive().max(600_000).optional(),
    keepAliveIntervalMs: z.number().int().positive().max(3_600_000).optional(),
    /** A submit unanswered this long, with nothing at all heard from the gateway meanwhile, marks the channel stalled. */
    stallTimeoutMs: z.number().int().min(100).max(600_000).optional(),
    destinationFormat: z.enum(['national', 'with86']).optional(),
    preferGbk: z.boolean().optional(),
    concatReferenceBits: z.union([z.literal(8), z.literal(16)]).optional(),
    /** Submit results meaning "slow down" (defaults per protocol: see flow-control-codes.ts). */
    flowControlResultCodes: z.array(resultCode).max(32).optional(),
    /** Submit results worth retrying, elsewhere if possible (defaults per protocol in the driver). */
    retryableResultCodes: z.array(resultCode).max(64).optional(),
    sgip: sgipSettings.strict().optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((channel, context) => {
    const problem = (path: string, message: string) =>
      context.addIssue({ code: 'custom', message, path: [path] });
    if (channel.password === undefined && channel.passwordSealed === undefined)
      problem('password', 'password or passwordSealed is required');
    if (channel.protocol === 'sgip' && !channel.sgip)
      problem('sgip', 'SGIP needs sgip.nodeId and sgip.corpId');
    if (channel.sgip?.receiver && !channel.sgip.receiver.password && !channel.sgip.receiver.passwordSealed)
      context.addIssue({
        code: 'custom',
        message: 'password or passwordSealed is required',
        path: ['sgip', 'receiver', 'password'],
      });
    if (!channel.international && channel.carriers.length === 0)
      problem('carriers', 'a channel must serve at least one carrier or be international');
    if (channel.protocol === 'smpp' && channel.preferGbk)
      problem('preferGbk', 'SMPP cannot carry GBK (data_coding 15 means Korean there)');
    for (const limit of protocolFieldProblems(channel.protocol, protocolValues(channel)))
      context.addIssue({ code: 'custom', message: limit.message, path: limit.field.split('.') });
  });

/** What the protocol puts on the wire, with the passwords given in clear (sealed ones are checked by parseChannel). */
function protocolValues(
  channel: Pick<
    z.output<typeof channelInputSchema>,
    'account' | 'password' | 'spId' | 'serviceId' | 'sourceNumber' | 'extensionCode' | 'sgip'
  >,
): ProtocolFieldValues {
  const receiver = channel.sgip?.receiver;
  return {
    account: channel.account,
    password: channel.password,
    spId: channel.spId,
    serviceId: channel.serviceId,
    sourceNumber: channel.sourceNumber,
    extensionCode: channel.extensionCode,
    sgip: receiver ? { receiver: { account: receiver.account, password: receiver.password } } : undefined,
  };
}

export type ChannelInput = z.input<typeof channelInputSchema>;
type ParsedChannelInput = z.output<typeof channelInputSchema>;

/** A channel as stored and run: secrets only in sealed form. */
export type ChannelDefinition = Omit<ParsedChannelInput, 'password' | 'passwordSealed' | 'sgip'> & {
  passwordSealed: string;
  sgip?: Omit<NonNullable<ParsedChannelInput['sgip']>, 'receiver'> & {
    receiver?: Omit<
      NonNullable<NonNullable<ParsedChannelInput['sgip']>['receiver']>,
      'password' | 'passwordSealed'
    > & {
      passwordSealed: string;
    };
  };
};

export interface SecretSealer {
  seal(plain: string): string;
  /** When the sealer can open secrets too, sealed passwords are checked against the protocol's limits as well. */
  open?(sealed: string): string;
}

export class ChannelValidationError extends Error {
  constructor(readonly issues: ReadonlyArray<{ path: string; message: string }>) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
    this.name = 'ChannelValidationError';
  }
}

/** Validates untrusted input (a file, the API) and seals any clear-text secret in it. */
export function parseChannel(input: unknown, sealer: SecretSealer): ChannelDefinition {
  const parsed = channelInputSchema.safeParse(input);
  if (!parsed.success) throw new ChannelValidationError(issuesOf(parsed.error));
  const sealedProblems = sealedPasswordProblems(parsed.data, sealer);
  if (sealedProblems.length > 0) throw new ChannelValidationError(sealedProblems);
  return sealSecrets(parsed.data, sealer);
}

/**
 * A password given only sealed is opened, when the sealer can, to check it fits the protocol (an SMPP password of
 * 10 characters cannot be sent). One that does not open is left to the session, which reports it when it logs in.
 */
function sealedPasswordProblems(
  channel: ParsedChannelInput,
  sealer: SecretSealer,
): Array<{ path: string; message: string }> {
  if (!sealer.open) return [];
  const open = (sealed: string | undefined, clear: string | undefined): string | undefined => {
    if (clear !== undefined || sealed === undefined) return undefined;
    try {
      return sealer.open!(sealed);
    } catch {
      return undefined;
    }
  };
  const password = open(channel.passwordSealed, channel.password);
  const receiver = channel.sgip?.receiver;
  const receiverPassword = open(receiver?.passwordSealed, receiver?.password);
  if (password === undefined && receiverPassword === undefined) return [];
  const problems = protocolFieldProblems(channel.protocol, {
    account: channel.account,
    password,
    sgip: receiver ? { receiver: { account: receiver.account, password: receiverPassword } } : undefined,
  });
  return problems
    .filter((problem) => problem.field === 'password' || problem.field === 'sgip.receiver.password')
    .map((problem) => ({
      path: problem.field === 'password' ? 'passwordSealed' : 'sgip.receiver.passwordSealed',
      message: `the sealed password: ${problem.message}`,
    }));
}

export function issuesOf(error: z.ZodError, prefix: ReadonlyArray<string | number> = []) {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
  }));
}

function sealSecrets(channel: ParsedChannelInput, sealer: SecretSealer): ChannelDefinition {
  const { password, passwordSealed, sgip, ...rest } = channel;
  const definition: ChannelDefinition = { ...rest, passwordSealed: passwordSealed ?? sealer.seal(password!) };
  if (sgip) {
    const { receiver, ...sgipRest } = sgip;
    definition.sgip = { ...sgipRest };
    if (receiver) {
      const { password: receiverPassword, passwordSealed: receiverSealed, ...receiverRest } = receiver;
      definition.sgip.receiver = {
        ...receiverRest,
        passwordSealed: receiverSealed ?? sealer.seal(receiverPassword!),
      };
    }
  }
  return definition;
}
