import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import { InboundSms, ReportAck } from '@tongdao/protocols';
import { classifyReply, decideReplyRoute, extensionCandidates, extensionOf } from '@tongdao/replies';
import { InboundReplyRepository, NewReply } from './inbound-reply.repository';
import { OPT_OUT_REGISTRY, OptOutListUnavailableError, OptOutRegistry } from './opt-out-registry';

const MAX_BATCH = 100;
const RETRY_DELAY_MS = 500;
/** A reply that keeps failing is acknowledged and dropped after this many tries (logged), so it cannot block. */
const MAX_ATTEMPTS = 5;

interface PendingReply {
  message: InboundSms;
  ack: ReportAck;
  attempts: number;
}

/**
 * Stores inbound replies (MO) and answers the carrier only once they are stored, so a crash loses none (the
 * carrier sends unanswered ones again). Each reply is routed to an account — by the extension in its destination
 * number, else by the last message to that phone over that channel — or stored unmatched. An unsubscribe keyword
 * puts the number on the account's opt-out list before the reply is acknowledged; a quick-reply keyword names
 * its action. Webhooks and the pull API read the stored replies as a stream.
 */
@Injectable()
export class InboundReplyService {
  private readonly logger = new Logger(InboundReplyService.name);
  private readonly buffer: PendingReply[] = [];
  private draining: Promise<void> | null = null;
  private retryTimer?: NodeJS.Timeout;
  private readonly routed: Counter<'routed_by'>;
  private readonly unsubscribes: Counter<'outcome'>;
  private readonly quickReplies: Counter;
  private readonly failures: Counter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly replies: InboundReplyRepository,
    @Inject(OPT_OUT_REGISTRY) private readonly optOuts: OptOutRegistry,
    metrics: MetricsService,
  ) {
    this.routed = metrics.counter('tongdao_replies_total', 'Inbound replies stored, by routing outcome', [
      'routed_by',
    ]);
    this.unsubscribes = metrics.counter(
      'tongdao_reply_unsubscribes_total',
      'Unsubscribe replies: added to the opt-out list, already on it, unmatched (no account), no_list (none installed)',
      ['outcome'],
    );
    this.quickReplies = metrics.counter(
      'tongdao_reply_quick_replies_total',
      'Replies that matched a quick reply',
    );
    this.failures = metrics.counter(
      'tongdao_replies_store_failures_total',
      'Failed attempts to store replies',
    );
  }

  accept(message: InboundSms, ack: ReportAck): void {
    this.buffer.push({ message, ack, attempts: 0 });
    void this.drain();
  }

  /** Resolves once everything accepted so far is stored (or waiting for a retry). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
    if (this.buffer.length > 0 && !this.retryTimer) await this.drain();
  }

  /** Stores what is buffered; anything that still fails stays unacknowledged, so the carrier sends it again. */
  async stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.flush();
  }

  private drain(): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = this.drainLoop().finally(() => (this.draining = null));
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    while (this.buffer.length > 0 && !this.retryTimer) {
      const batch = this.buffer.splice(0, MAX_BATCH);
      try {
        const rows: NewReply[] = [];
        for (const pending of batch) rows.push(await this.route(pending.message));
        await this.replies.insert(rows);
        batch.forEach((pending) => pending.ack());
        rows.forEach((row) => this.count(row));
      } catch (error) {
        this.failures.inc();
        this.setAside(batch, error as Error);
      }
    }
  }

  private setAside(batch: PendingReply[], error: Error): void {
    const retry: PendingReply[] = [];
    for (const pending of batch) {
      pending.attempts += 1;
      if (pending.attempts < MAX_ATTEMPTS) retry.push(pending);
      else {
        pending.ack();
        this.logger.error(
          { channel: pending.message.channelId, from: pending.message.from, err: error.message },
          'giving up on an inbound reply that cannot be stored',
        );
      }
    }
    this.logger.error(
      { err: error.message, replies: batch.length },
      'storing inbound replies failed; retrying',
    );
    this.buffer.unshift(...retry);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.drain();
    }, RETRY_DELAY_MS);
  }

  /** Decides the account, reads the keywords, and records an unsubscribe before the reply is stored. */
  private async route(message: InboundSms): Promise<NewReply> {
    const remainder = extensionOf(message.to, message.serviceNumber);
    const owner = remainder ? await this.replies.extensionOwner(extensionCandidates(remainder)) : null;
    const last = await this.replies.lastMessage(
      message.channelId,
      message.from,
      this.config.replies.lastMessageDays,
    );
    const route = decideReplyRoute(owner, last);
    const settings = route.accountId ? await this.replies.keywordSettings(route.accountId) : null;
    const classification = classifyReply(message.text, {
      unsubscribeKeywords: settings?.unsubscribeKeywords ?? this.config.replies.unsubscribeKeywords,
      quickReplies: settings?.quickReplies ?? [],
    });
    if (classification.unsubscribe && route.accountId)
      await this.optOut(route.accountId, message.from, classification.unsubscribe);
    else if (classification.unsubscribe) this.unsubscribes.inc({ outcome: 'unmatched' });
    return {
      receivedAt: message.receivedAt,
      channelId: message.channelId,
      phone: message.from,
      destination: message.to,
      extension: remainder || null,
      content: message.text,
      complete: message.complete ?? true,
      accountId: route.accountId,
      routedBy: route.routedBy,
      messageId: route.inReplyTo?.messageId ?? null,
      messageCreatedAt: route.inReplyTo?.messageCreatedAt ?? null,
      clientRef: route.inReplyTo?.clientRef ?? null,
      unsubscribe: classification.unsubscribe !== null,
      actionKeyword: classification.quickReply?.keyword ?? null,
      actionName: classification.quickReply?.name ?? null,
    };
  }

  private async optOut(accountId: string, phone: string, keyword: string): Promise<void> {
    try {
      const added = await this.optOuts.addOptOut(accountId, phone, `reply:${keyword}`);
      this.unsubscribes.inc({ outcome: added ? 'added' : 'already' });
    } catch (error) {
      if (!(error instanceof OptOutListUnavailableError)) throw error;
      this.unsubscribes.inc({ outcome: 'no_list' });
      this.logger.warn(
        { account: accountId, phone },
        'unsubscribe reply stored, but no opt-out list is installed',
      );
    }
  }

  private count(row: NewReply): void {
    this.routed.inc({ routed_by: row.routedBy });
    if (row.actionName) this.quickReplies.inc();
  }
}
