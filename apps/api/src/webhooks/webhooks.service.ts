import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG, DomainException, ErrorCode, SecretBox } from '@tongdao/platform';
import { newWebhookSecret, WEBHOOK_SECRET_PURPOSE } from '@tongdao/webhooks';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { AuditTrail } from '../audit/audit-trail';
import { Principal } from '../auth/principal';
import {
  DeadLetterPage,
  DeadLetterQueryDto,
  EndpointList,
  ReplayDeadLettersDto,
  ReplayResultView,
} from './dto/dead-letters.dto';
import { UpdateWebhookSettingsDto, WebhookSettingsView } from './dto/webhook-settings.dto';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSettings, WebhookSettingsRepository } from './webhook-settings.repository';
import { WebhookUrlPolicy } from './webhook-url.policy';

/** Dead letters replayed per call at most when no ids are given; call again for more. */
const REPLAY_LIMIT = 10_000;
const ENDPOINT_LIST_LIMIT = 500;

@Injectable()
export class WebhooksService {
  private readonly box: SecretBox;

  constructor(
    private readonly settings: WebhookSettingsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly urls: WebhookUrlPolicy,
    private readonly acting: ActingAccountResolver,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(config.security.secretsKey, WEBHOOK_SECRET_PURPOSE);
  }

  async get(principal: Principal, accountId: string | undefined): Promise<WebhookSettingsView> {
    const scope = await this.acting.resolve(principal, accountId);
    const settings = await this.settings.find(scope.id);
    return settings ? view(settings) : emptyView(scope.id);
  }

  /** Saves the account's defaults; the first save creates the signing secret and shows it once. */
  async update(principal: Principal, dto: UpdateWebhookSettingsDto): Promise<WebhookSettingsView> {
    const scope = await this.acting.resolve(principal, dto.account_id);
    const reportsUrl = dto.reports_url
      ? await this.urls.check(dto.reports_url, 'reports_url')
      : dto.reports_url;
    const repliesUrl = dto.replies_url
      ? await this.urls.check(dto.replies_url, 'replies_url')
      : dto.replies_url;
    const before = await this.settings.find(scope.id);
    const secret = newWebhookSecret();
    const { settings, secretCreated } = await this.settings.save(
      scope.id,
      {
        reportsUrl,
        repliesUrl,
        reportStatuses: dto.report_statuses,
        includeDescendants: dto.include_descendants,
      },
      this.box.seal(secret),
    );
    this.audit.record('webhook_settings', scope.id, before ? view(before) : null, view(settings), scope);
    return secretCreated ? { ...view(settings), signing_secret: secret } : view(settings);
  }

  /** A new secret, shown once; the previous one keeps signing (next to it) for WEBHOOK_SECRET_GRACE_HOURS. */
  async rotateSecret(principal: Principal, accountId: string | undefined): Promise<WebhookSettingsView> {
    const scope = await this.acting.resolve(principal, accountId);
    const secret = newWebhookSecret();
    const settings = await this.settings.rotateSecret(
      scope.id,
      this.box.seal(secret),
      this.config.webhooks.secretGraceHours,
    );
    // Never the secrets themselves: only that one was rotated and until when the previous one signs.
    this.audit.record(
      'webhook_signing_secret',
      scope.id,
      null,
      {
        rotated: true,
        previous_secret_expires_at: view(settings).previous_secret_expires_at,
      },
      scope,
    );
    return { ...view(settings), signing_secret: secret };
  }

  async endpoints(principal: Principal, accountId: string | undefined): Promise<EndpointList> {
    const scope = await this.acting.resolve(principal, accountId);
    const endpoints = await this.deliveries.endpoints(scope, ENDPOINT_LIST_LIMIT);
    return {
      data: endpoints.map((endpoint) => ({
        id: endpoint.id,
        account_id: endpoint.accountId,
        kind: endpoint.kind,
        url: endpoint.url,
        pending: endpoint.pending,
        oldest_pending_at: iso(endpoint.oldestPendingAt),
        dead_letters: endpoint.deadLetters,
        consecutive_failures: endpoint.consecutiveFailures,
        next_attempt_at: iso(endpoint.nextAttemptAt),
        last_success_at: iso(endpoint.lastSuccessAt),
        last_failure_at: iso(endpoint.lastFailureAt),
        last_error: endpoint.lastError,
      })),
    };
  }

  async deadLetters(principal: Principal, query: DeadLetterQueryDto): Promise<DeadLetterPage> {
    const scope = await this.acting.resolve(principal, query.account_id);
    if (query.cursor !== undefined && !/^\d{1,19}$/.test(query.cursor))
      throw new DomainException(ErrorCode.InvalidCursor, 'Cursor is not one this API returned', 'cursor');
    const limit = query.limit ?? 100;
    const rows = await this.deliveries.deadLetters(scope, limit + 1, query.cursor, query.kind);
    const page = rows.slice(0, limit);
    return {
      data: page.map((row) => ({
        id: row.id,
        kind: row.kind,
        url: row.url,
        account_id: row.accountId,
        event: row.payload as Record<string, unknown>,
        attempts: row.attempts,
        last_error: row.lastError,
        queued_at: row.enqueuedAt.toISOString(),
        dead_at: row.deadAt.toISOString(),
      })),
      next_cursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }

  async replay(principal: Principal, dto: ReplayDeadLettersDto): Promise<ReplayResultView> {
    const scope = await this.acting.resolve(principal, dto.account_id);
    const replayed = await this.deliveries.replay(scope, {
      ids: dto.ids,
      kind: dto.kind,
      limit: dto.ids ? dto.ids.length : REPLAY_LIMIT,
    });
    this.audit.record(
      'webhook_dead_letters',
      scope.id,
      null,
      { replayed, ids: dto.ids ?? null, kind: dto.kind ?? null },
      scope,
    );
    return { replayed };
  }
}

function view(settings: WebhookSettings): WebhookSettingsView {
  return {
    account_id: settings.accountId,
    reports_url: settings.reportsUrl,
    replies_url: settings.repliesUrl,
    report_statuses: settings.reportStatuses,
    include_descendants: settings.includeDescendants,
    signing_secret_set: settings.hasSecret,
    previous_secret_expires_at:
      settings.previousSecretExpiresAt && settings.previousSecretExpiresAt.getTime() > Date.now()
        ? settings.previousSecretExpiresAt.toISOString()
        : null,
  };
}

function emptyView(accountId: string): WebhookSettingsView {
  return {
    account_id: accountId,
    reports_url: null,
    replies_url: null,
    report_statuses: null,
    include_descendants: false,
    signing_secret_set: false,
    previous_secret_expires_at: null,
  };
}

function iso(at: Date | null): string | null {
  return at ? at.toISOString() : null;
}
