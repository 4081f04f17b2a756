import { createHmac } from 'node:crypto';

/** Characters of the base64url HMAC kept: 132 bits, far beyond any collision risk across all recipients. */
const ID_LENGTH = 22;

/**
 * The pseudonymous recipient id stored with links, clicks and conversions instead of the phone number: an HMAC of
 * the E.164 number under a server secret. The same phone always gets the same id (so unique clickers count people
 * across messages), and nobody without the secret can go back from the id to the number.
 */
export class RecipientPseudonymizer {
  private readonly key: Buffer;

  constructor(secret: string | Buffer) {
    if (secret.length < 16) throw new Error('the recipient id secret must be at least 16 bytes');
    this.key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  }

  idOf(e164Phone: string): string {
    return createHmac('sha256', this.key).update(e164Phone, 'utf8').digest('base64url').slice(0, ID_LENGTH);
  }
}
