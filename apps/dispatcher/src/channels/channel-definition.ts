import { z } from 'zod';

const carrier = z.enum(['CMCC', 'CUCC', 'CTCC', 'CBN']);
const kind = z.enum(['verification', 'notification', 'marketing']);

/**
 * A channel as operations describe it (config/channels*.json). Carrier passwords are stored
 * sealed with SECRETS_KEY (`passwordSealed`); a plain `password` is accepted only for the
 * embedded simulator defaults and development files.
 */
export const channelDefinitionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
    protocol: z.enum(['cmpp2', 'cmpp3', 'sgip', 'smgp', 'smpp']),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    account: z.string().min(1),
    password: z.string().optional(),
    passwordSealed: z.string().optional(),
    spId: z.string().optional(),
    serviceId: z.string().optional(),
    sourceNumber: z.string().regex(/^\d{1,21}$/),
    carriers: z.array(carrier).default([]),
    international: z.boolean().default(false),
    kinds: z.array(kind).min(1).default(['verification', 'notification', 'marketing']),
    priority: z.number().int().min(0).default(1),
    connections: z.number().int().min(1).max(64).default(1),
    window: z.number().int().min(1).max(1024).default(16),
    tps: z.number().positive().optional(),
    requestTimeoutMs: z.number().int().positive().optional(),
    keepAliveIntervalMs: z.number().int().positive().optional(),
    destinationFormat: z.enum(['national', 'with86']).optional(),
    preferGbk: z.boolean().optional(),
    concatReferenceBits: z.union([z.literal(8), z.literal(16)]).optional(),
    sgip: z
      .object({
        nodeId: z.number().int().nonnegative(),
        corpId: z.string(),
        receiver: z
          .object({
            host: z.string(),
            port: z.number().int().min(0).max(65535),
            account: z.string(),
            password: z.string(),
          })
          .optional(),
      })
      .optional(),
    enabled: z.boolean().default(true),
  })
  .refine((value) => value.password !== undefined || value.passwordSealed !== undefined, {
    message: 'password or passwordSealed is required',
    path: ['password'],
  });

export type ChannelDefinition = z.infer<typeof channelDefinitionSchema>;

export const channelDefinitionsSchema = z.array(channelDefinitionSchema).superRefine((channels, context) => {
  const seen = new Set<string>();
  channels.forEach((channel, index) => {
    if (seen.has(channel.id))
      context.addIssue({
        code: 'custom',
        message: `duplicate channel id ${channel.id}`,
        path: [index, 'id'],
      });
    seen.add(channel.id);
  });
});
