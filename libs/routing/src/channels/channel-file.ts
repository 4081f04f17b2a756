import { z } from 'zod';
import { RouteRule, routeRuleInputSchema } from '../rules/route-rule';
import {
  ChannelDefinition,
  ChannelValidationError,
  issuesOf,
  parseChannel,
  SecretSealer,
} from './channel-definition';

/** A file entry with a keyed fingerprint of how the file wrote it, so re-seeding can tell a changed entry. */
export interface FileEntry<T> {
  value: T;
  hash: string;
}

export interface ChannelFile {
  channels: FileEntry<ChannelDefinition>[];
  routes: FileEntry<RouteRule>[];
}

const fileRouteSchema = routeRuleInputSchema.extend({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, at most 63'),
});

/**
 * A channel file (config/*.json): either a list of channels, the original format, or
 * `{ "channels": [...], "routes": [...] }`. Every problem is reported at once, with its path.
 */
export function parseChannelFile(
  raw: unknown,
  sealer: SecretSealer,
  fingerprint: (entry: unknown) => string,
): ChannelFile {
  const document = Array.isArray(raw) ? { channels: raw, routes: [] } : raw;
  const shape = z
    .object({ channels: z.array(z.unknown()), routes: z.array(z.unknown()).default([]) })
    .strict()
    .safeParse(document);
  if (!shape.success) throw new ChannelValidationError(issuesOf(shape.error));
  const problems: Array<{ path: string; message: string }> = [];
  const channels: FileEntry<ChannelDefinition>[] = [];
  shape.data.channels.forEach((entry, index) => {
    try {
      channels.push({ value: parseChannel(entry, sealer), hash: fingerprint(entry) });
    } catch (error) {
      if (!(error instanceof ChannelValidationError)) throw error;
      const id = (entry as { id?: unknown } | null)?.id;
      const named = typeof id === 'string' ? ` (channel ${id})` : '';
      problems.push(
        ...error.issues.map((issue) => ({
          path: `channels.${index}.${issue.path}`,
          message: `${issue.message}${named}`,
        })),
      );
    }
  });
  const routes: FileEntry<RouteRule>[] = [];
  shape.data.routes.forEach((entry, index) => {
    const parsed = fileRouteSchema.safeParse(entry);
    if (parsed.success) routes.push({ value: parsed.data, hash: fingerprint(entry) });
    else problems.push(...issuesOf(parsed.error, ['routes', index]));
  });
  problems.push(
    ...duplicates(
      channels.map((entry) => entry.value.id),
      'channels',
    ),
  );
  problems.push(
    ...duplicates(
      routes.map((entry) => entry.value.id),
      'routes',
    ),
  );
  const known = new Set(channels.map((entry) => entry.value.id));
  routes.forEach(({ value }, index) =>
    value.channels.forEach((member, position) => {
      if (!known.has(member.channelId))
        problems.push({
          path: `routes.${index}.channels.${position}.channelId`,
          message: `no channel ${member.channelId} in this file`,
        });
    }),
  );
  if (problems.length > 0) throw new ChannelValidationError(problems);
  return { channels, routes };
}

function duplicates(ids: string[], list: string): Array<{ path: string; message: string }> {
  const seen = new Set<string>();
  return ids.flatMap((id, index) => {
    if (!seen.has(id)) {
      seen.add(id);
      return [];
    }
    return [{ path: `${list}.${index}.id`, message: `duplicate id ${id}` }];
  });
}
