import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { AccountEntity } from '@tongdao/database/entities';
import { AccountProvisioning } from '../accounts/account-provisioning';
import { ApiKeyIssuer } from '../api-keys/api-key-issuer';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { ALL_SCOPES } from '../auth/scope';
import { SignatureRepository } from '../signatures/signature.repository';
import { compileTemplate } from '../templates/template-body';
import { TemplateRepository } from '../templates/template.repository';

export interface DemoSeed {
  apiKey: string;
  signature: string;
  templateId: string;
}

const DEMO_SIGNATURE = 'Tongdao';
const DEMO_TEMPLATE_NAME = 'Demo verification code';
const DEMO_TEMPLATE_BODY = '您的验证码是${code}，5分钟内有效，请勿告诉他人。';
const DEMO_KEY_NAME = 'demo key';

/**
 * Embedded mode only: an operator with an approved signature and template, and a fresh API key
 * printed at start. Keys are shown once and stored hashed, so each start issues a new demo key
 * and revokes the previous one instead of keeping a readable copy anywhere.
 */
export async function seedDemo(app: INestApplication): Promise<DemoSeed> {
  const { account } = await app
    .get(AccountProvisioning, { strict: false })
    .ensureOperator('Tongdao operator');
  await ensureApprovedSignature(app.get(SignatureRepository, { strict: false }), account);
  const templateId = await ensureApprovedTemplate(app.get(TemplateRepository, { strict: false }), account);
  const apiKey = await rotateDemoKey(app, account);
  return { apiKey, signature: DEMO_SIGNATURE, templateId };
}

async function ensureApprovedSignature(
  signatures: SignatureRepository,
  operator: AccountEntity,
): Promise<void> {
  const created = await signatures.insertUnlessLive({
    id: randomUUID(),
    accountId: operator.id,
    text: DEMO_SIGNATURE,
  });
  if (created)
    await signatures.decide(created.id, {
      status: 'approved',
      reviewerAccountId: operator.id,
      reason: 'demo seed',
    });
}

async function ensureApprovedTemplate(
  templates: TemplateRepository,
  operator: AccountEntity,
): Promise<string> {
  const existing = (await templates.listForAccount(operator.id, 'approved')).find(
    (t) => t.name === DEMO_TEMPLATE_NAME,
  );
  if (existing) return existing.id;
  const template = await templates.insert({
    id: randomUUID(),
    accountId: operator.id,
    name: DEMO_TEMPLATE_NAME,
    kind: 'verification',
    body: DEMO_TEMPLATE_BODY,
    variables: [...compileTemplate(DEMO_TEMPLATE_BODY).variables],
  });
  await templates.decide(template.id, {
    status: 'approved',
    reviewerAccountId: operator.id,
    reason: 'demo seed',
  });
  return template.id;
}

async function rotateDemoKey(app: INestApplication, operator: AccountEntity): Promise<string> {
  const keys = app.get(ApiKeyRepository, { strict: false });
  for (const key of await keys.listForAccount(operator.id)) {
    if (key.name === DEMO_KEY_NAME && !key.revokedAt) await keys.revoke(operator.id, key.id);
  }
  const issued = await app
    .get(ApiKeyIssuer, { strict: false })
    .issue({ accountId: operator.id, name: DEMO_KEY_NAME, scopes: ALL_SCOPES, requireSignature: false });
  return issued.fullKey;
}
