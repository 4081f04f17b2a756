import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHILD_START_TIMEOUT_MS, ChildApp, childEnv, freeAppPorts, startChildApp } from '@tongdao/testing';

/** Deadlines for conditions after start; generous, since a test must pass on a heavily loaded machine. */
const CONDITION_TIMEOUT_MS = 120_000;

/**
 * `npm start` with no configuration: embedded PostgreSQL under DATA_DIR, in-process Redis
 * stand-in, the carrier simulator, and the README's curl example ending DELIVERED.
 */
describe('npm start (everything in one process, embedded)', () => {
  let dataDir: string;
  let app: ChildApp | undefined;
  let env: Record<string, string | undefined>;
  let base: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tongdao-start-'));
    const { ports, env: portEnv } = await freeAppPorts();
    base = `http://127.0.0.1:${ports.API_PORT}`;
    env = childEnv({
      ...portEnv,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SIM_REPORT_DELAY_MS: '50-300',
    });
  });

  afterAll(async () => {
    await app?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function boot(): Promise<{ key: string; template: string }> {
    app = startChildApp('apps/tongdao/src/main.ts', env);
    const [, key] = await app.waitForOutput(/Demo API key\s+(td_live_\S+)/, CHILD_START_TIMEOUT_MS);
    const [, template] = await app.waitForOutput(/Demo template\s+([0-9a-f-]{36})/);
    return { key: key!, template: template! };
  }

  async function waitForStatus(key: string, id: string, wanted: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + CONDITION_TIMEOUT_MS;
    let body: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      body = (await (
        await fetch(`${base}/v1/messages/${id}`, { headers: { Authorization: `Bearer ${key}` } })
      ).json()) as Record<string, unknown>;
      if (body.status === wanted) return body;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return body;
  }

  it(
    'sends the README example to DELIVERED, serves docs, health and metrics, and keeps data across restarts',
    async () => {
      const first = await boot();
      const response = await fetch(`${base}/v1/messages`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${first.key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          phone: '13800138000',
          signature: 'Tongdao',
          template_id: first.template,
          template_params: { code: '123456' },
        }),
      });
      expect(response.status).toBe(202);
      const accepted = (await response.json()) as { id: string; segments: number; content: string };
      expect(accepted.content).toBe('【Tongdao】您的验证码是123456，5分钟内有效，请勿告诉他人。');
      await expect(waitForStatus(first.key, accepted.id, 'DELIVERED')).resolves.toMatchObject({
        status: 'DELIVERED',
        channel_id: 'sim-cmcc-cmpp3',
      });

      // The demo account's status changes reach npm start's own webhook receiver, signed (issue 7).
      expect(app!.output()).toMatch(/Demo webhooks\s+http:\/\/127\.0\.0\.1:\d+/);
      const delivered = async (): Promise<
        Array<{ kind: string; last_success_at: string | null; pending: number }>
      > =>
        (
          (await (
            await fetch(`${base}/v1/webhooks/endpoints`, {
              headers: { Authorization: `Bearer ${first.key}` },
            })
          ).json()) as {
            data: Array<{ kind: string; last_success_at: string | null; pending: number }>;
          }
        ).data;
      const deadline = Date.now() + CONDITION_TIMEOUT_MS;
      let endpoints = await delivered();
      while (!endpoints.some((endpoint) => endpoint.last_success_at) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        endpoints = await delivered();
      }
      expect(endpoints).toEqual([
        expect.objectContaining({ kind: 'report', last_success_at: expect.any(String) }),
      ]);

      await expect(fetch(`${base}/healthz`).then((r) => r.status)).resolves.toBe(200);
      await expect(fetch(`${base}/readyz`).then((r) => r.json())).resolves.toMatchObject({ status: 'ready' });
      await expect(fetch(`${base}/docs`).then((r) => r.status)).resolves.toBe(200);
      const openApi = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openApi.paths)).toEqual(
        expect.arrayContaining(['/v1/messages', '/v1/messages/batch']),
      );
      await expect(fetch(`${base}/metrics`).then((r) => r.text())).resolves.toMatch(
        /tongdao_messages_accepted_total\{kind="verification"\} 1/,
      );

      await expect(app!.stop('SIGTERM')).resolves.toBe(0);

      const second = await boot();
      expect(second.key).not.toBe(first.key);
      await expect(waitForStatus(second.key, accepted.id, 'DELIVERED')).resolves.toMatchObject({
        status: 'DELIVERED',
      });
      const revoked = await fetch(`${base}/v1/messages/${accepted.id}`, {
        headers: { Authorization: `Bearer ${first.key}` },
      });
      expect(revoked.status).toBe(401);
      await expect(app!.stop('SIGTERM')).resolves.toBe(0);
    },
    2 * CHILD_START_TIMEOUT_MS + 3 * CONDITION_TIMEOUT_MS,
  );
});
