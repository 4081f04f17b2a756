import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { ChannelInUseError, RoutingConfigRepository } from '@tongdao/database';
import { APP_CONFIG, DomainException, ErrorCode, SecretBox } from '@tongdao/platform';
import {
  CHANNEL_PASSWORD_PURPOSE,
  ChannelDefinition,
  ChannelValidationError,
  parseChannel,
} from '@tongdao/routing';
import { camelKeys, validationFailure } from './http-shape';
import { RoutingCluster } from './routing-cluster';

/** Channel management: validation (the one channel schema), sealing of secrets, storage and change notices. */
@Injectable()
export class ChannelsService {
  private readonly logger = new Logger(ChannelsService.name);
  private readonly secrets: SecretBox;

  constructor(
    private readonly repository: RoutingConfigRepository,
    private readonly cluster: RoutingCluster,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secrets = new SecretBox(config.security.secretsKey, CHANNEL_PASSWORD_PURPOSE);
  }

  async create(body: unknown): Promise<ChannelDefinition> {
    const definition = this.parse(camelKeys(body));
    const version = await this.repository.insertChannel(definition);
    if (version === null)
      throw new DomainException(ErrorCode.AlreadyExists, `A channel ${definition.id} exists already`, 'id');
    await this.announce(version, `channel ${definition.id} created`);
    return definition;
  }

  async update(id: string, body: unknown): Promise<ChannelDefinition> {
    const stored = await this.repository.channel(id);
    if (!stored) throw new DomainException(ErrorCode.NotFound, 'Channel not found', 'id');
    const patch = camelKeys(body);
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
      throw new DomainException(ErrorCode.ValidationFailed, 'body must be a JSON object', 'body');
    const changes = patch as Record<string, unknown>;
    if ('id' in changes && changes.id !== id)
      throw new DomainException(ErrorCode.ValidationFailed, 'id cannot be changed', 'id');
    const definition = this.parse(mergePatch(stored.definition, changes));
    const version = await this.repository.updateChannel(definition);
    if (version === null) throw new DomainException(ErrorCode.NotFound, 'Channel not found', 'id');
    await this.announce(version, `channel ${id} updated`);
    return definition;
  }

  async remove(id: string): Promise<void> {
    let version: number | null;
    try {
      version = await this.repository.deleteChannel(id);
    } catch (error) {
      if (error instanceof ChannelInUseError)
        throw new DomainException(
          ErrorCode.ChannelInUse,
          `Routes ${error.routeIds.join(', ')} use this channel`,
          'id',
          {
            routes: error.routeIds,
          },
        );
      throw error;
    }
    if (version === null) throw new DomainException(ErrorCode.NotFound, 'Channel not found', 'id');
    await this.announce(version, `channel ${id} deleted`);
  }

  private parse(input: unknown): ChannelDefinition {
    try {
      return parseChannel(input, this.secrets);
    } catch (error) {
      if (error instanceof ChannelValidationError) throw validationFailure(error);
      throw error;
    }
  }

  /** Dispatchers also poll the version, so a lost notice delays a change by a poll interval, no more. */
  private async announce(version: number, what: string): Promise<void> {
    this.logger.log({ version }, `routing configuration changed: ${what}`);
    await this.cluster.changes
      .announce(version)
      .catch((error: Error) =>
        this.logger.warn(
          { err: error.message },
          'could not announce the routing change; dispatchers will poll it',
        ),
      );
  }
}

/**
 * A PATCH over the stored channel, JSON-merge-patch style: given fields replace stored ones and `null` removes an
 * optional one (e.g. `"tps": null` lifts the cap). A new password replaces the sealed one; an SGIP block keeps
 * its stored receiver password unless it brings a new one.
 */
function mergePatch(stored: ChannelDefinition, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored, ...patch };
  for (const [key, value] of Object.entries(patch))
    if (value === null && key !== 'provinces') delete merged[key];
  if ('password' in patch) delete merged.passwordSealed;
  const sgipPatch = patch.sgip as Record<string, unknown> | undefined;
  if (sgipPatch && typeof sgipPatch === 'object' && stored.sgip) {
    const receiverPatch = sgipPatch.receiver as Record<string, unknown> | undefined;
    const receiver =
      receiverPatch && typeof receiverPatch === 'object'
        ? { ...(stored.sgip.receiver ?? {}), ...receiverPatch }
        : (stored.sgip.receiver ?? receiverPatch);
    if (receiver && receiverPatch && 'password' in receiverPatch)
      delete (receiver as Record<string, unknown>).passwordSealed;
    merged.sgip = { ...stored.sgip, ...sgipPatch, ...(receiver !== undefined ? { receiver } : {}) };
  }
  return merged;
}
