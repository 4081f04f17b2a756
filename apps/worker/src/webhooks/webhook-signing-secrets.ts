import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { queryRows } from '@tongdao/database';
import { APP_CONFIG, SecretBox } from '@tongdao/platform';
import { newWebhookSecret, WEBHOOK_SECRET_PURPOSE } from '@tongdao/webhooks';

/** Rotations and new secrets reach the senders within this time. */
const CACHE_TTL_MS = 5_000;

interface SecretRow {
  signing_secret_sealed: string | null;
  previous_secret_sealed: string | null;
  previous_valid: boolean;
}

/**
 * The secrets that sign an account's webhooks: its current one, plus the previous one during the grace period
 * after a rotation. An account that never created one (it only used callback_url) gets one here, so nothing is
 * ever sent unsigned; it can read a new one by rotating.
 */
@Injectable()
export class WebhookSigningSecrets {
  private readonly box: SecretBox;
  private readonly cache = new LRUCache<string, string[]>({ max: 10_000, ttl: CACHE_TTL_MS });

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.security.secretsKey, WEBHOOK_SECRET_PURPOSE);
  }

  async secretsFor(accountId: string): Promise<string[]> {
    const cached = this.cache.get(accountId);
    if (cached) return cached;
    let row = (
      await queryRows<SecretRow>(
        this.dataSource,
        `SELECT signing_secret_sealed, previous_secret_sealed,
                coalesce(previous_secret_expires_at > now(), false) AS previous_valid
           FROM webhook_settings WHERE account_id = $1`,
        [accountId],
      )
    )[0];
    if (!row?.signing_secret_sealed) row = await this.create(accountId);
    const secrets = [this.box.open(row.signing_secret_sealed!)];
    if (row.previous_valid && row.previous_secret_sealed)
      secrets.push(this.box.open(row.previous_secret_sealed));
    this.cache.set(accountId, secrets);
    return secrets;
  }

  private async create(accountId: string): Promise<SecretRow> {
    const rows = await queryRows<SecretRow>(
      this.dataSource,
      `INSERT INTO webhook_settings (account_id, signing_secret_sealed) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE
          SET signing_secret_sealed = coalesce(webhook_settings.signing_secret_sealed, excluded.signing_secret_sealed)
       RETURNING signing_secret_sealed, previous_secret_sealed,
                 coalesce(previous_secret_expires_at > now(), false) AS previous_valid`,
      [accountId, this.box.seal(newWebhookSecret())],
    );
    return rows[0]!;
  }
}
