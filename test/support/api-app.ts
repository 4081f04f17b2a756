import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { AppConfig, loadConfig } from '@tongdao/config';
import { AccountEntity, AccountKind, MessageKind } from '@tongdao/database/entities';
import { REDIS } from '@tongdao/platform';
import { AccountRepository } from '../../apps/api/src/accounts/account.repository';
import { AccountProvisioning } from '../../apps/api/src/accounts/account-provisioning';
import { ApiModule } from '../../apps/api/src/api.module';
import { ApiKeyIssuer, IssuedApiKey } from '../../apps/api/src/api-keys/api-key-issuer';
import { ALL_SCOPES } from '../../apps/api/src/auth/scope';
import { configureApiApp } from '../../apps/api/src/configure-api-app';
import { compileTemplate } from '../../apps/api/src/templates/template-body';
import { createTestDatabase, TestDatabase } from './test-database';
import { createTestRedis, TestRedis } from './test-redis';

export interface KeyOptions {
  scopes?: readonly string[];
  requireSignature?: boolean;
}

/** Shortcuts that write straight through the repositories, for arranging tests quickly. */
export interface ApiSeed {
  operator: AccountEntity;
  operatorKey: string;
  createAccount(
    parent: AccountEntity,
    kind?: Exclude<AccountKind, 'operator'>,
    options?: { allowFreeText?: boolean },
  ): Promise<AccountEntity>;
  issueKey(account: AccountEntity, options?: KeyOptions): Promise<IssuedApiKey>;
  approvedSignature(account: AccountEntity, text: string): Promise<string>;
  approvedTemplate(account: AccountEntity, body: string, kind?: MessageKind): Promise<string>;
}

export interface ApiTestApp {
  app: INestApplication;
  http: ReturnType<typeof supertest>;
  config: AppConfig;
  database: TestDatabase;
  redis: TestRedis;
  seed: ApiSeed;
  close(): Promise<void>;
}

/**
 * Issue 9b: suites that are not about frequency caps send codes to the same numbers again and again; they run
 * without platform caps. Suites about caps pass the caps they test (see test/compliance-state).
 */
export const UNCAPPED: Readonly<Record<string, string>> = Object.freeze({
  COMPLIANCE_CAPS_VERIFICATION: 'none',
  COMPLIANCE_CAPS_NOTIFICATION: 'none',
  COMPLIANCE_CAPS_MARKETING: 'none',
});

export function testApiConfig(
  databaseUrl: string,
  redisUrl?: string,
  overrides: Record<string, string> = {},
): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '8',
    REDIS_URL: redisUrl,
    SECRETS_KEY: randomBytes(32).toString('hex'),
    API_BODY_LIMIT_BYTES: String(4 * 1024 * 1024),
    // Issue 9a: suites not about quiet hours must not depend on the time of day they run at.
    COMPLIANCE_QUIET_HOURS: 'off',
    ...UNCAPPED,
    ...overrides,
  });
}

/** A provider the test replaces (e.g. a DNS resolver that answers as the test needs). */
export interface ProviderOverride {
  provide: string | symbol | (abstract new (...args: never[]) => unknown);
  useValue: unknown;
}

export interface ApiTestOptions {
  /**
   * 'free' (default): the operator charges all its children a price of 0 for everything, so suites that are not
   * about money send from any account without setting prices or balances. 'none': no price at all.
   */
  prices?: 'free' | 'none';
  providers?: readonly ProviderOverride[];
}

/** The whole API over a fresh database and an isolated Redis key space, plus an operator with a key. */
export async function createApiTestApp(
  overrides: Record<string, string> = {},
  options: ApiTestOptions = {},
): Promise<ApiTestApp> {
  const database = await createTestDatabase();
  const redis = await createTestRedis();
  // Pub/sub channel names carry the configured prefix (the client's does not cover them): the same as the client's,
  // as in production, so parallel suites do not hear each other's notices.
  const config = testApiConfig(database.url, redis.url, { REDIS_KEY_PREFIX: redis.keyPrefix, ...overrides });
  let builder = Test.createTestingModule({
    imports: [ApiModule.forRoot(config, { runMigrations: false })],
  })
    .overrideProvider(REDIS)
    .useValue(redis.redis);
  for (const override of options.providers ?? [])
    builder = builder.overrideProvider(override.provide).useValue(override.useValue);
  const moduleRef = await builder.compile();
  // As in bootstrapApi: configureApiApp installs the only body parser (Nest's own would take form bodies).
  const app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
  configureApiApp(app, config);
  await app.init();
  const seed = await createSeed(app, database);
  if ((options.prices ?? 'free') === 'free') await freeForAllChildren(database, seed.operator.id);
  return {
    app,
    http: supertest(app.getHttpServer()),
    config,
    database,
    redis,
    seed,
    close: async () => {
      await redis.close();
      await app.close();
      await database.drop();
    },
  };
}

async function createSeed(app: INestApplication, database: TestDatabase): Promise<ApiSeed> {
  const provisioned = await app.get(AccountProvisioning).ensureOperator('Test operator');
  const accounts = app.get(AccountRepository);
  const issuer = app.get(ApiKeyIssuer);
  const sql = database.dataSource;
  return {
    operator: provisioned.account,
    operatorKey: provisioned.key!.fullKey,
    createAccount: (parent, kind = 'customer', options = {}) =>
      accounts.createChild(parent, {
        id: randomUUID(),
        kind,
        name: `${kind}-${randomBytes(3).toString('hex')}`,
        allowFreeText: options.allowFreeText ?? false,
      }),
    issueKey: (account, options = {}) =>
      issuer.issue({
        accountId: account.id,
        name: 'test key',
        scopes: options.scopes ?? ALL_SCOPES,
        requireSignature: options.requireSignature ?? false,
      }),
    approvedSignature: async (account, text) => {
      await sql.query(
        `INSERT INTO signatures (id, account_id, text, status) VALUES ($1, $2, $3, 'approved')`,
        [randomUUID(), account.id, text],
      );
      return text;
    },
    approvedTemplate: async (account, body, kind = 'notification') => {
      const id = randomUUID();
      await sql.query(
        `INSERT INTO templates (id, account_id, name, kind, body, variables, status) VALUES ($1, $2, $3, $4, $5, $6, 'approved')`,
        [id, account.id, 'test template', kind, body, [...compileTemplate(body).variables]],
      );
      return id;
    },
  };
}

/** The operator's default price list for all its children: every carrier and kind at 0. */
export async function freeForAllChildren(database: TestDatabase, operatorId: string): Promise<void> {
  await database.dataSource.query(
    `INSERT INTO price_rules (owner_account_id, target_account_id, carrier, kind, province, unit_price)
     SELECT $1, NULL, c, k, NULL, 0
       FROM unnest(ARRAY['CMCC','CUCC','CTCC','CBN','INTL']) AS c, unnest(ARRAY['verification','notification','marketing']) AS k`,
    [operatorId],
  );
}
