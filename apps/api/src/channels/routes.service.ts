import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RoutingConfigRepository, StoredRoute } from '@tongdao/database';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { issuesOf, RouteRule, routeRuleInputSchema, RoutingChannel, RoutingTable } from '@tongdao/routing';
import { camelKeys, snakePath } from './http-shape';
import { RoutingCluster } from './routing-cluster';

const FOREIGN_KEY_VIOLATION = '23503';

/** Routing rules: validated against the rule schema and against the channels they name. */
@Injectable()
export class RoutesService {
  private readonly logger = new Logger(RoutesService.name);

  constructor(
    private readonly repository: RoutingConfigRepository,
    private readonly cluster: RoutingCluster,
  ) {}

  list(): Promise<StoredRoute[]> {
    return this.repository.routes();
  }

  async get(id: string): Promise<StoredRoute> {
    const route = await this.repository.route(id);
    if (!route) throw new DomainException(ErrorCode.NotFound, 'Route not found', 'id');
    return route;
  }

  async create(body: unknown): Promise<StoredRoute> {
    const rule: RouteRule = { id: randomUUID(), ...this.parse(camelKeys(body)) };
    await this.checkChannels(rule);
    const version = await this.write(() => this.repository.insertRoute(rule));
    await this.announce(version!, `route ${rule.id} created`);
    return this.get(rule.id);
  }

  async update(id: string, body: unknown): Promise<StoredRoute> {
    const stored = await this.get(id);
    const patch = camelKeys(body);
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
      throw new DomainException(ErrorCode.ValidationFailed, 'body must be a JSON object', 'body');
    const { id: _id, ...current } = stored.rule;
    const rule: RouteRule = { id, ...this.parse({ ...current, ...(patch as object) }) };
    await this.checkChannels(rule);
    const version = await this.write(() => this.repository.updateRoute(rule));
    if (version === null) throw new DomainException(ErrorCode.NotFound, 'Route not found', 'id');
    await this.announce(version, `route ${id} updated`);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const version = await this.repository.deleteRoute(id);
    if (version === null) throw new DomainException(ErrorCode.NotFound, 'Route not found', 'id');
    await this.announce(version, `route ${id} deleted`);
  }

  private parse(input: unknown): Omit<RouteRule, 'id'> {
    const parsed = routeRuleInputSchema.safeParse(input);
    if (parsed.success) return parsed.data;
    const issues = issuesOf(parsed.error).map((issue) => ({
      field: snakePath(issue.path) || 'body',
      message: issue.message,
    }));
    throw new DomainException(
      ErrorCode.ValidationFailed,
      `${issues[0]!.field}: ${issues[0]!.message}`,
      issues[0]!.field,
      issues.length > 1 ? { problems: issues } : undefined,
    );
  }

  /** Every channel must exist and be able to carry the rule's traffic; otherwise the rule would route nothing. */
  private async checkChannels(rule: RouteRule): Promise<void> {
    const channels = new Map(
      (await this.repository.channels()).map((stored) => [stored.definition.id, stored.definition]),
    );
    for (const [index, member] of rule.channels.entries()) {
      const field = `channels[${index}].channel_id`;
      const channel = channels.get(member.channelId);
      if (!channel)
        throw new DomainException(ErrorCode.UnknownChannel, `No channel ${member.channelId}`, field);
      const table = new RoutingTable([{ ...(channel as RoutingChannel), enabled: true }], []);
      const kinds = rule.kind ? [rule.kind] : channel.kinds;
      if (!kinds.some((kind) => table.serves(kind, rule.target)))
        throw new DomainException(
          ErrorCode.ValidationFailed,
          `Channel ${member.channelId} does not carry ${rule.kind ?? 'any'} messages to ${rule.target}`,
          field,
        );
      if (rule.province && channel.provinces && !channel.provinces.includes(rule.province))
        throw new DomainException(
          ErrorCode.ValidationFailed,
          `Channel ${member.channelId} does not serve ${rule.province}`,
          field,
        );
    }
  }

  private async write(work: () => Promise<number | null>): Promise<number | null> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION)
        throw new DomainException(ErrorCode.UnknownAccount, 'No such account', 'account_id');
      throw error;
    }
  }

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
