import { randomBytes } from 'node:crypto';

/** SecretBox purpose under which webhook signing secrets are sealed at rest. */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-signing-secret';

/** A new signing secret: `whsec_` and 256 random bits. The whole string is the HMAC key. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
