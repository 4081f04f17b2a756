import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { encodePosition } from '@tongdao/database';
import { APP_CONFIG, DomainException, ErrorCode } from '@tongdao/platform';
import { keywordSettingsProblem } from '@tongdao/replies';
import { replyEventView } from '@tongdao/webhooks';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { AuditTrail } from '../audit/audit-trail';
import { Principal } from '../auth/principal';
import { PageQueryDto } from '../accounts/list-query.dto';
import { DEFAULT_STREAM_PAGE, streamPosition } from '../reports/stream-cursor';
import { StreamQueryDto } from '../reports/stream-query.dto';
import { ReplyPage, UnmatchedReplyPage } from './dto/reply-event.view';
import { ReplySettingsView, UpdateReplySettingsDto } from './dto/reply-settings.dto';
import { RepliesRepository } from './replies.repository';
import { ReplyExtensionService } from './reply-extension.service';
import { ReplySettings, ReplySettingsRepository } from './reply-settings.repository';

@Injectable()
export class RepliesService {
  constructor(
    private readonly replies: RepliesRepository,
    private readonly settings: ReplySettingsRepository,
    private readonly extensions: ReplyExtensionService,
    private readonly acting: ActingAccountResolver,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Replies routed to the account tree after the cursor, in the order they were stored. */
  async pull(principal: Principal, query: StreamQueryDto): Promise<ReplyPage> {
    const scope = await this.acting.resolve(principal, query.account_id);
    const after = streamPosition(query.cursor);
    const limit = query.limit ?? DEFAULT_STREAM_PAGE;
    const replies = await this.replies.readForTree(scope, after, limit + 1);
    const page = replies.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((reply) => replyEventView(encodePosition(reply.position), reply)),
      next_cursor: encodePosition(last ? last.position : after),
      has_more: replies.length > limit,
    };
  }

  async unmatched(query: PageQueryDto): Promise<UnmatchedReplyPage> {
    if (query.cursor !== undefined && !/^\d{1,19}$/.test(query.cursor))
      throw new DomainException(ErrorCode.InvalidCursor, 'Cursor is not one this API returned', 'cursor');
    const limit = query.limit ?? 50;
    const rows = await this.replies.unmatched(limit + 1, query.cursor);
    const page = rows.slice(0, limit);
    return {
      data: page.map((row) => ({
        id: row.id,
        received_at: row.receivedAt.toISOString(),
        channel_id: row.channelId,
        phone_number: row.phone,
        destination: row.destination,
        content: row.content,
        unsubscribe: row.unsubscribe,
      })),
      next_cursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }

  /** The account's settings; its extension code is assigned here if it has none yet (as on its first message). */
  async getSettings(principal: Principal, accountId: string | undefined): Promise<ReplySettingsView> {
    const scope = await this.acting.resolve(principal, accountId);
    await this.extensions.extensionFor(scope.id);
    return this.view(scope.id, await this.settings.find(scope.id));
  }

  async updateSettings(principal: Principal, dto: UpdateReplySettingsDto): Promise<ReplySettingsView> {
    const scope = await this.acting.resolve(principal, dto.account_id);
    const current = await this.settings.find(scope.id);
    const keywords =
      dto.unsubscribe_keywords === undefined
        ? (current?.unsubscribeKeywords ?? this.config.replies.unsubscribeKeywords)
        : (dto.unsubscribe_keywords ?? this.config.replies.unsubscribeKeywords);
    const problem = keywordSettingsProblem(keywords, dto.quick_replies ?? current?.quickReplies ?? []);
    if (problem) throw new DomainException(ErrorCode.ReplyKeywordConflict, problem.message, problem.field);
    if (dto.extension !== undefined) {
      if (principal.accountKind !== 'operator' && scope.id === principal.account.id)
        throw new DomainException(
          ErrorCode.ExtensionNotAllowed,
          'An account’s extension is assigned by its parent account or the operator',
          'extension',
        );
      if (!(await this.settings.setExtension(scope.id, dto.extension)))
        throw new DomainException(
          ErrorCode.ExtensionTaken,
          `Extension ${dto.extension} is taken, or it and another account's extension would prefix each other`,
          'extension',
        );
      this.extensions.forget(scope.id);
    }
    const saved = await this.settings.save(scope.id, {
      unsubscribeKeywords: dto.unsubscribe_keywords,
      quickReplies: dto.quick_replies?.map((entry) => ({ keyword: entry.keyword, action: entry.action })),
    });
    const after = this.view(scope.id, saved);
    this.audit.record('reply_settings', scope.id, this.view(scope.id, current), after, scope);
    return after;
  }

  private view(accountId: string, settings: ReplySettings | null): ReplySettingsView {
    return {
      account_id: accountId,
      extension: settings?.extension ?? null,
      unsubscribe_keywords: [...(settings?.unsubscribeKeywords ?? this.config.replies.unsubscribeKeywords)],
      unsubscribe_keywords_custom: settings?.unsubscribeKeywords != null,
      quick_replies: settings?.quickReplies ?? [],
    };
  }
}
