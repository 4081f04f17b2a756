import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@tongdao/database';

export interface WebhookSettings {
  accountId: string;
  reportsUrl: string | null;
  repliesUrl: string | null;
  reportStatuses: string[] | null;
  includeDescendants: boolean;
  hasSecret: boolean;
  previousSecretExpiresAt: Date | null;
  updatedAt: Date;
}

/** Fields left undefined keep their value; null clears. */
export interface WebhookSettingsChange {
  reportsUrl?: string | null;
  repliesUrl?: string | null;
  reportStatuses?: string[] | null;
  includeDescendants?: boolean;
}

interface SettingsRow {
  account_id: string;
  reports_url: string | null;
  replies_url: string | null;
  report_statuses: string[] | null;
  include_descendants: boolean;
  has_secret: boolean;
  previous_secret_expires_at: Date | null;
  updated_at: Date;
}

const RETURNING = `account_id, reports_url, replies_url, report_statuses, include_descendants,
  signing_secret_sealed IS NOT NULL AS has_secret, previous_secret_expires_at, updated_at`;

/** Per-account webhook defaults and signing secret (table webhook_settings); secrets are stored sealed. */
@Injectable()
export class WebhookSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(accountId: string): Promise<WebhookSettings | null> {
    const rows = await queryRows<SettingsRow>(
      this.dataSource,
      `SELECT ${RETURNING} FROM webhook_settings WHERE account_id = $1`,
      [accountId],
    );
    return rows[0] ? toSettings(rows[0]) : null;
  }

  /**
   * Applies the change; `newSecretSealed` is stored only if the account has no secret yet, and `secretCreated`
   * says whether it was (so the caller shows that secret once).
   */
  async save(
    accountId: string,
    change: WebhookSettingsChange,
    newSecretSealed: string,
  ): Promise<{ settings: WebhookSettings; secretCreated: boolean }> {
    const rows = await queryRows<SettingsRow & { secret_created: boolean }>(
      this.dataSource,
      `INSERT INTO webhook_settings (account_id, reports_url, replies_url, report_statuses, include_descendants,
                                    signing_secret_sealed)
       VALUES ($1, $3, $5, $7::text[], coalesce($8, false), $9)
       ON CONFLICT (account_id) DO UPDATE
          SET reports_url = CASE WHEN $2 THEN excluded.reports_url ELSE webhook_settings.reports_url END,
              replies_url = CASE WHEN $4 THEN excluded.replies_url ELSE webhook_settings.replies_url END,
              report_statuses = CASE WHEN $6 THEN excluded.report_statuses ELSE webhook_settings.report_statuses END,
              include_descendants = coalesce($8, webhook_settings.include_descendants),
              signing_secret_sealed = coalesce(webhook_settings.signing_secret_sealed, excluded.signing_secret_sealed),
              updated_at = now()
       RETURNING ${RETURNING}, signing_secret_sealed = $9 AS secret_created`,
      [
        accountId,
        change.reportsUrl !== undefined,
        change.reportsUrl ?? null,
        change.repliesUrl !== undefined,
        change.repliesUrl ?? null,
        change.reportStatuses !== undefined,
        change.reportStatuses ?? null,
        change.includeDescendants ?? null,
        newSecretSealed,
      ],
    );
    return { settings: toSettings(rows[0]!), secretCreated: rows[0]!.secret_created };
  }

  /** The new secret signs from now on; the current one keeps signing alongside it until `graceHours` pass. */
  async rotateSecret(
    accountId: string,
    newSecretSealed: string,
    graceHours: number,
  ): Promise<WebhookSettings> {
    const rows = await queryRows<SettingsRow>(
      this.dataSource,
      `INSERT INTO webhook_settings (account_id, signing_secret_sealed) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE
          SET previous_secret_sealed = webhook_settings.signing_secret_sealed,
              previous_secret_expires_at = CASE WHEN webhook_settings.signing_secret_sealed IS NULL THEN NULL
                                                ELSE now() + make_interval(hours => $3) END,
              signing_secret_sealed = excluded.signing_secret_sealed,
              updated_at = now()
       RETURNING ${RETURNING}`,
      [accountId, newSecretSealed, graceHours],
    );
    return toSettings(rows[0]!);
  }
}

function toSettings(row: SettingsRow): WebhookSettings {
  return {
    accountId: row.account_id,
    reportsUrl: row.reports_url,
    repliesUrl: row.replies_url,
    reportStatuses: row.report_statuses,
    includeDescendants: row.include_descendants,
    hasSecret: row.has_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    updatedAt: row.updated_at,
  };
}
