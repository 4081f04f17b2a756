import { DataSource, EntityManager } from 'typeorm';
import type { ChannelDefinition, RouteRule } from '@tongdao/routing';
import { queryRows } from '../query-rows';

export type ManagedBy = 'file' | 'api';

export interface StoredChannel {
  definition: ChannelDefinition;
  managedBy: ManagedBy;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredRoute {
  rule: RouteRule;
  managedBy: ManagedBy;
  createdAt: Date;
  updatedAt: Date;
}

/** A seed entry: what a channel file says, and a keyed fingerprint of how it said it. */
export interface Seeded<T> {
  value: T;
  hash: string;
}

export interface SeedResult {
  inserted: string[];
  updated: string[];
  version: number;
}

export class ChannelInUseError extends Error {
  constructor(
    readonly channelId: string,
    readonly routeIds: string[],
  ) {
    super(`channel ${channelId} is used by routes ${routeIds.join(', ')}`);
    this.name = 'ChannelInUseError';
  }
}

interface ChannelRow {
  id: string;
  protocol: ChannelDefinition['protocol'];
  host: string;
  port: number;
  account: string;
  password_sealed: string;
  source_number: string;
  extension_code: string | null;
  carriers: ChannelDefinition['carriers'];
  international: boolean;
  provinces: string[] | null;
  kinds: ChannelDefinition['kinds'];
  priority: number;
  weight: number;
  cost_per_segment: string;
  connections: number;
  window_size: number;
  tps: number | null;
  settings: Partial<ChannelDefinition>;
  enabled: boolean;
  managed_by: ManagedBy;
  seed_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

interface RouteRow {
  id: string;
  account_id: string | null;
  kind: RouteRule['kind'];
  target: RouteRule['target'];
  province: string | null;
  channels: RouteRule['channels'];
  priority: number;
  enabled: boolean;
  description: string | null;
  managed_by: ManagedBy;
  seed_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

const CHANNEL_COLUMNS = `id, protocol, host, port, account, password_sealed, source_number, extension_code, carriers,
  international, provinces, kinds, priority, weight, cost_per_segment, connections, window_size, tps, settings, enabled`;

/**
 * Channels, routing rules and the routing configuration version: the only SQL touching them. Every change bumps
 * the version in the same transaction, so a dispatcher that reads the version knows whether it is up to date.
 */
export class RoutingConfigRepository {
  constructor(private readonly dataSource: DataSource) {}

  async version(): Promise<number> {
    const [row] = await queryRows<{ version: string }>(this.dataSource, `SELECT version FROM routing_config`);
    return Number(row?.version ?? 0);
  }

  async channels(): Promise<StoredChannel[]> {
    const rows = await queryRows<ChannelRow>(this.dataSource, `SELECT * FROM channels ORDER BY id`);
    return rows.map(storedChannel);
  }

  async channel(id: string): Promise<StoredChannel | null> {
    const [row] = await queryRows<ChannelRow>(this.dataSource, `SELECT * FROM channels WHERE id = $1`, [id]);
    return row ? storedChannel(row) : null;
  }

  /** Null when a channel with that id exists already. */
  async insertChannel(definition: ChannelDefinition): Promise<number | null> {
    return this.changing(async (manager) => {
      const rows = await queryRows<{ id: string }>(
        manager,
        `INSERT INTO channels (${CHANNEL_COLUMNS}, managed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 'api')
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        channelParameters(definition),
      );
      return rows.length > 0;
    });
  }

  /** Null when there is no such channel. */
  async updateChannel(definition: ChannelDefinition): Promise<number | null> {
    return this.changing(async (manager) => this.writeChannel(manager, definition, undefined));
  }

  /** Null when there is no such channel; ChannelInUseError while a route lists it. */
  async deleteChannel(id: string): Promise<number | null> {
    return this.changing(async (manager) => {
      const users = await queryRows<{ id: string }>(
        manager,
        `SELECT id FROM routes WHERE channels @> jsonb_build_array(jsonb_build_object('channelId', $1::text)) ORDER BY id`,
        [id],
      );
      if (users.length > 0)
        throw new ChannelInUseError(
          id,
          users.map((user) => user.id),
        );
      const rows = await queryRows<{ id: string }>(
        manager,
        `DELETE FROM channels WHERE id = $1 RETURNING id`,
        [id],
      );
      return rows.length > 0;
    });
  }

  async routes(): Promise<StoredRoute[]> {
    const rows = await queryRows<RouteRow>(this.dataSource, `SELECT * FROM routes ORDER BY priority, id`);
    return rows.map(storedRoute);
  }

  async route(id: string): Promise<StoredRoute | null> {
    const [row] = await queryRows<RouteRow>(this.dataSource, `SELECT * FROM routes WHERE id = $1`, [id]);
    return row ? storedRoute(row) : null;
  }

  async insertRoute(rule: RouteRule): Promise<number | null> {
    return this.changing(async (manager) => {
      const rows = await queryRows<{ id: string }>(
        manager,
        `INSERT INTO routes (id, account_id, kind, target, province, channels, priority, enabled, description, managed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'api') ON CONFLICT (id) DO NOTHING RETURNING id`,
        routeParameters(rule),
      );
      return rows.length > 0;
    });
  }

  async updateRoute(rule: RouteRule): Promise<number | null> {
    return this.changing(async (manager) => this.writeRoute(manager, rule, undefined));
  }

  async deleteRoute(id: string): Promise<number | null> {
    return this.changing(async (manager) => {
      const rows = await queryRows<{ id: string }>(manager, `DELETE FROM routes WHERE id = $1 RETURNING id`, [
        id,
      ]);
      return rows.length > 0;
    });
  }

  /**
   * Seeds channels and routes from configuration in one transaction: entries the table lacks are inserted; an
   * entry whose fingerprint changed since it was last seeded is overwritten (the file changed, so the file wins);
   * an unchanged entry is left alone, keeping whatever operators changed through the API since.
   */
  async seed(channels: Seeded<ChannelDefinition>[], routes: Seeded<RouteRule>[]): Promise<SeedResult> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT version FROM routing_config FOR UPDATE`);
      const inserted: string[] = [];
      const updated: string[] = [];
      const known = new Map(
        (
          await queryRows<{ id: string; seed_hash: string | null }>(
            manager,
            `SELECT id, seed_hash FROM channels`,
          )
        ).map((row) => [row.id, row.seed_hash]),
      );
      for (const { value, hash } of channels) {
        if (!known.has(value.id)) {
          await manager.query(
            `INSERT INTO channels (${CHANNEL_COLUMNS}, managed_by, seed_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 'file', $21)`,
            [...channelParameters(value), hash],
          );
          inserted.push(`channel:${value.id}`);
        } else if (known.get(value.id) !== hash) {
          await this.writeChannel(manager, value, hash);
          updated.push(`channel:${value.id}`);
        }
      }
      const knownRoutes = new Map(
        (
          await queryRows<{ id: string; seed_hash: string | null }>(
            manager,
            `SELECT id, seed_hash FROM routes`,
          )
        ).map((row) => [row.id, row.seed_hash]),
      );
      for (const { value, hash } of routes) {
        if (!knownRoutes.has(value.id)) {
          await manager.query(
            `INSERT INTO routes (id, account_id, kind, target, province, channels, priority, enabled, description, managed_by, seed_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'file', $10)`,
            [...routeParameters(value), hash],
          );
          inserted.push(`route:${value.id}`);
        } else if (knownRoutes.get(value.id) !== hash) {
          await this.writeRoute(manager, value, hash);
          updated.push(`route:${value.id}`);
        }
      }
      const version =
        inserted.length + updated.length > 0 ? await this.bump(manager) : await this.currentVersion(manager);
      return { inserted, updated, version };
    });
  }

  private async writeChannel(
    manager: EntityManager,
    definition: ChannelDefinition,
    seedHash: string | undefined,
  ) {
    const rows = await queryRows<{ id: string }>(
      manager,
      `UPDATE channels SET protocol = $2, host = $3, port = $4, account = $5, password_sealed = $6, source_number = $7,
              extension_code = $8, carriers = $9, international = $10, provinces = $11, kinds = $12, priority = $13,
              weight = $14, cost_per_segment = $15, connections = $16, window_size = $17, tps = $18, settings = $19,
              enabled = $20, seed_hash = COALESCE($21, seed_hash), updated_at = now()
        WHERE id = $1 RETURNING id`,
      [...channelParameters(definition), seedHash ?? null],
    );
    return rows.length > 0;
  }

  private async writeRoute(manager: EntityManager, rule: RouteRule, seedHash: string | undefined) {
    const rows = await queryRows<{ id: string }>(
      manager,
      `UPDATE routes SET account_id = $2, kind = $3, target = $4, province = $5, channels = $6, priority = $7,
              enabled = $8, description = $9, seed_hash = COALESCE($10, seed_hash), updated_at = now()
        WHERE id = $1 RETURNING id`,
      [...routeParameters(rule), seedHash ?? null],
    );
    return rows.length > 0;
  }

  /** Runs a change and bumps the version with it; null when the change found nothing to change. */
  private async changing(work: (manager: EntityManager) => Promise<boolean>): Promise<number | null> {
    return this.dataSource.transaction(async (manager) =>
      (await work(manager)) ? this.bump(manager) : null,
    );
  }

  private async bump(manager: EntityManager): Promise<number> {
    const [row] = await queryRows<{ version: string }>(
      manager,
      `UPDATE routing_config SET version = version + 1 RETURNING version`,
    );
    return Number(row!.version);
  }

  private async currentVersion(manager: EntityManager): Promise<number> {
    const [row] = await queryRows<{ version: string }>(manager, `SELECT version FROM routing_config`);
    return Number(row!.version);
  }
}

/** The columns routing reads; everything else about a channel (protocol and session details) is `settings`. */
function channelParameters(definition: ChannelDefinition): unknown[] {
  const {
    id,
    protocol,
    host,
    port,
    account,
    passwordSealed,
    sourceNumber,
    extensionCode,
    carriers,
    international,
    provinces,
    kinds,
    priority,
    weight,
    costPerSegment,
    connections,
    window,
    tps,
    enabled,
    ...settings
  } = definition;
  return [
    id,
    protocol,
    host,
    port,
    account,
    passwordSealed,
    sourceNumber,
    extensionCode ?? null,
    carriers,
    international,
    provinces,
    kinds,
    priority,
    weight,
    costPerSegment,
    connections,
    window,
    tps ?? null,
    JSON.stringify(settings),
    enabled,
  ];
}

function storedChannel(row: ChannelRow): StoredChannel {
  const definition: ChannelDefinition = {
    ...row.settings,
    id: row.id,
    protocol: row.protocol,
    host: row.host,
    port: row.port,
    account: row.account,
    passwordSealed: row.password_sealed,
    sourceNumber: row.source_number,
    carriers: row.carriers,
    international: row.international,
    provinces: row.provinces,
    kinds: row.kinds,
    priority: row.priority,
    weight: row.weight,
    costPerSegment: Number(row.cost_per_segment),
    connections: row.connections,
    window: row.window_size,
    enabled: row.enabled,
  };
  if (row.extension_code !== null) definition.extensionCode = row.extension_code;
  if (row.tps !== null) definition.tps = Number(row.tps);
  return { definition, managedBy: row.managed_by, createdAt: row.created_at, updatedAt: row.updated_at };
}

function routeParameters(rule: RouteRule): unknown[] {
  return [
    rule.id,
    rule.accountId,
    rule.kind,
    rule.target,
    rule.province,
    JSON.stringify(rule.channels),
    rule.priority,
    rule.enabled,
    rule.description,
  ];
}

function storedRoute(row: RouteRow): StoredRoute {
  return {
    rule: {
      id: row.id,
      accountId: row.account_id,
      kind: row.kind,
      target: row.target,
      province: row.province,
      channels: row.channels,
      priority: row.priority,
      enabled: row.enabled,
      description: row.description,
    },
    managedBy: row.managed_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
