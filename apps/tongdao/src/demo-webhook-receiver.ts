import { INestApplication } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { Logger } from 'pino';
import { AppConfig } from '@tongdao/config';
import { SecretBox } from '@tongdao/platform';
import { newWebhookSecret, verifyWebhookSignature, WEBHOOK_SECRET_PURPOSE } from '@tongdao/webhooks';
import { AccountProvisioning } from '../../api/src/accounts/account-provisioning';
import { WebhookSettingsRepository } from '../../api/src/webhooks/webhook-settings.repository';

export interface DemoWebhooks {
  url: string;
  close(): Promise<void>;
}

/**
 * `npm start`'s webhook receiver: the demo account's reports and replies are pushed here, each batch is checked
 * against its signature and logged (phone numbers masked), so the whole loop can be watched without a server of
 * one's own. Each start gives the demo account a fresh signing secret, as it gets a fresh API key.
 */
export async function startDemoWebhooks(
  api: INestApplication,
  config: AppConfig,
  log: Logger,
): Promise<DemoWebhooks> {
  const base = `http://127.0.0.1:${config.webhooks.demoPort}`;
  const { account } = await api
    .get(AccountProvisioning, { strict: false })
    .ensureOperator('Tongdao operator');
  const secret = newWebhookSecret();
  const settings = api.get(WebhookSettingsRepository, { strict: false });
  const sealed = new SecretBox(config.security.secretsKey, WEBHOOK_SECRET_PURPOSE).seal(secret);
  await settings.save(account.id, { reportsUrl: `${base}/reports`, repliesUrl: `${base}/replies` }, sealed);
  await settings.rotateSecret(account.id, sealed, 0);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const check = verifyWebhookSignature({
        secret,
        timestamp: request.headers['x-tongdao-timestamp'] as string | undefined,
        signature: request.headers['x-tongdao-signature'] as string | undefined,
        body,
      });
      const events = check.ok ? (JSON.parse(body.toString('utf8')) as Array<Record<string, unknown>>) : [];
      for (const event of events)
        log.info(
          {
            kind: event.type,
            status: event.status,
            content: event.type === 'reply' ? event.content : undefined,
            phone: event.phone_number,
            message: event.message_id,
          },
          'demo webhook received',
        );
      if (!check.ok) log.warn({ reason: check.reason }, 'demo webhook refused: bad signature');
      response.writeHead(check.ok ? 200 : 401, { 'Content-Type': 'application/json' });
      response.end(check.ok ? '{"code":0}' : '{"code":401}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.webhooks.demoPort, '127.0.0.1', resolve);
  });
  return { url: base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
