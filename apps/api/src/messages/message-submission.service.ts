import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { MessageStatus } from '@tongdao/database/entities';
import { NumberDirectory } from '@tongdao/number-data';
import { APP_CONFIG, DomainException, ErrorCode } from '@tongdao/platform';
import { RecipientLinks } from '../attribution/recipient-links';
import { Principal } from '../auth/principal';
import { AcceptanceBilling, AcceptanceCharge } from '../billing/acceptance/acceptance-billing';
import { AcceptanceCompliance, Screening } from '../compliance/acceptance-compliance';
import { UuidV7Generator } from '../common/uuid-v7';
import { IdempotencyRequest, keyReused } from '../idempotency/idempotency-request';
import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import { ApiResult } from './api-result';
import { BatchResultView, RecipientResultView } from './batch-result.view';
import { DispatchWakeups } from './dispatch-wakeups';
import { ComposedMessage, MessageComposer } from './message-composer';
import { MessageMetrics } from './message-metrics';
import { MessageRepository, MessageRow } from './message.repository';
import { MessageView } from './message.view';
import { NewMessageBatch } from './new-message-batch';
import { parseRecipient, parseTemplateParams } from './recipient-input';
import { RecipientRejection } from './recipient-rejection';
import { SendContext } from './send-context';
import { SendContextResolver } from './send-context.resolver';
import { SendBatchDto, SendMessageDto } from './send-message.dto';

const ACCEPTED = 202;

/**
 * Accepts messages: checks the request, composes every recipient, and commits messages, their first status
 * event and the idempotency record in one transaction before answering, so a 2xx always means durable.
 */
@Injectable()
export class MessageSubmissionService {
  private readonly ids = new UuidV7Generator();

  constructor(
    private readonly dataSource: DataSource,
    private readonly contexts: SendContextResolver,
    private readonly messages: MessageRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly metrics: MessageMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly numbers: NumberDirectory,
    private readonly billing: AcceptanceBilling,
    private readonly compliance: AcceptanceCompliance,
    private readonly recipientLinks: RecipientLinks,
    private readonly wakeups: DispatchWakeups,
  ) {}

  async sendOne(
    principal: Principal,
    dto: SendMessageDto,
    idempotency: IdempotencyRequest | null,
  ): Promise<ApiResult> {
    const replay = await this.replay(principal, idempotency);
    if (replay) return replay;
    const context = await this.withLinks(await this.resolveContext(principal, dto, 1), dto);
    const params = parseTemplateParams(dto.template_params);
    const composed = params.ok
      ? new MessageComposer(context.signature, context.body, this.numbers.resolver).compose(
          this.recipientLinks.attach(context, {
            phone: dto.phone,
            templateParams: params.params,
            clientRef: dto.client_ref ?? null,
          }),
        )
      : params;
    if (!composed.ok) {
      const reason = composed.rejection;
      this.metrics.recordRejected(context.kind, reason.code);
      throw new DomainException(reason.code, reason.message, reason.field, undefined, reason.reason);
    }
    // Issue 9a: compliance at acceptance (the same pipeline as batches; a refusal answers 4xx).
    const screening = await this.compliance.screen(context, [composed.message], 'accept');
    const refused = screening.rejections[0]?.rejection;
    if (refused) {
      this.metrics.recordRejected(context.kind, refused.code);
      throw new DomainException(
        refused.code,
        refused.message,
        refused.field,
        refused.details && { ...refused.details },
      );
    }
    const batch = this.newBatch(context, null, screening.kept, screening);
    const result = await this.persist(principal, batch, idempotency, screening, () => ({
      status: ACCEPTED,
      body: MessageView.of(acceptedRow(batch, 0)),
    }));
    if (!result.replayed) this.metrics.recordAccepted(context.kind, 1);
    return result;
  }

  async sendBatch(
    principal: Principal,
    dto: SendBatchDto,
    idempotency: IdempotencyRequest | null,
  ): Promise<ApiResult> {
    const limit = this.config.limits.batchMaxRecipients;
    if (dto.recipients.length > limit) {
      throw new DomainException(
        ErrorCode.BatchTooLarge,
        `At most ${limit} recipients per batch`,
        'recipients',
      );
    }
    const replay = await this.replay(principal, idempotency);
    if (replay) return replay;
    const context = await this.withLinks(
      await this.resolveContext(principal, dto, dto.recipients.length),
      dto,
    );
    const composer = new MessageComposer(context.signature, context.body, this.numbers.resolver);
    const accepted: ComposedMessage[] = [];
    const acceptedIndexes: number[] = [];
    const results: RecipientResultView[] = new Array<RecipientResultView>(dto.recipients.length);
    dto.recipients.forEach((raw, index) => {
      const parsed = parseRecipient(raw);
      const composed = parsed.ok
        ? composer.compose(this.recipientLinks.attach(context, parsed.recipient))
        : parsed;
      if (composed.ok) {
        acceptedIndexes.push(index);
        accepted.push(composed.message);
        return;
      }
      this.metrics.recordRejected(context.kind, composed.rejection.code);
      results[index] = rejectedResult(index, raw, composed.rejection);
    });
    // Issue 9a: compliance at acceptance; refusals are reported per recipient like the composer's.
    const screening = await this.compliance.screen(context, accepted, 'accept');
    for (const { position, rejection } of screening.rejections) {
      const index = acceptedIndexes[position]!;
      this.metrics.recordRejected(context.kind, rejection.code);
      results[index] = rejectedResult(index, dto.recipients[index], rejection);
    }
    const batch = this.newBatch(context, randomUUID(), screening.kept, screening);
    screening.keptPositions.forEach((keptAt, position) => {
      const recipientIndex = acceptedIndexes[keptAt]!;
      const message = screening.kept[position]!;
      results[recipientIndex] = {
        index: recipientIndex,
        result: 'accepted',
        phone: message.phone,
        id: batch.ids[position]!,
        segments: message.segments,
        encoding: message.encoding,
        client_ref: message.clientRef,
        ...heldResult(screening, position),
      };
    });
    const body: BatchResultView = {
      batch_id: batch.batchId!,
      status: context.status,
      accepted: batch.messages.length,
      rejected: dto.recipients.length - batch.messages.length,
      held: screening.holds.reduce((sum, hold) => sum + (hold ? 1 : 0), 0),
      segments: batch.messages.reduce((sum, message) => sum + message.segments, 0),
      results,
    };
    const result = await this.persist(principal, batch, idempotency, screening, () => ({
      status: ACCEPTED,
      body,
    }));
    if (!result.replayed) this.metrics.recordAccepted(context.kind, batch.messages.length);
    return result;
  }

  private async resolveContext(
    principal: Principal,
    dto: SendMessageDto | SendBatchDto,
    recipients: number,
  ): Promise<SendContext> {
    try {
      return await this.contexts.resolve(principal, dto, new Date());
    } catch (error) {
      if (error instanceof DomainException)
        this.metrics.recordRejected(dto.kind ?? 'unknown', error.code, recipients);
      throw error;
    }
  }

  /** Issue 8b: per-recipient short links for `${link}` (see RecipientLinks). */
  private async withLinks(context: SendContext, dto: SendMessageDto | SendBatchDto): Promise<SendContext> {
    try {
      return await this.recipientLinks.prepare(context, dto);
    } catch (error) {
      if (error instanceof DomainException) this.metrics.recordRejected(context.kind, error.code);
      throw error;
    }
  }

  /** A completed earlier request with the same key: the same answer again, or 409 if the request differs. */
  private async replay(
    principal: Principal,
    idempotency: IdempotencyRequest | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApiResult | null> {
    if (!idempotency) return null;
    const stored = await this.idempotency.find(manager, principal.account.id, idempotency.key);
    if (!stored) return null;
    if (!stored.requestHash.equals(idempotency.requestHash)) throw keyReused();
    return { status: stored.status, body: stored.body, replayed: true };
  }

  private async persist(
    principal: Principal,
    batch: NewMessageBatch,
    idempotency: IdempotencyRequest | null,
    screening: Screening,
    respond: () => { status: number; body: unknown },
  ): Promise<ApiResult> {
    try {
      const charge = await this.billing.prepare(principal, batch);
      const result = await charge.guard(() => this.store(principal, batch, idempotency, respond, charge));
      // Issue 9a: a replay stored nothing new, so what this request counted against caps goes back.
      if (result.replayed) await this.compliance.undo(screening);
      else this.wakeups.committed(batch);
      return result;
    } catch (error) {
      await this.compliance.undo(screening);
      throw error;
    }
  }

  private async store(
    principal: Principal,
    batch: NewMessageBatch,
    idempotency: IdempotencyRequest | null,
    respond: () => { status: number; body: unknown },
    charge: AcceptanceCharge,
  ): Promise<ApiResult> {
    return this.dataSource.transaction(async (manager) => {
      if (
        idempotency &&
        !(await this.idempotency.claim(
          manager,
          principal.account.id,
          idempotency.key,
          idempotency.requestHash,
        ))
      ) {
        // A concurrent request with this key committed while we waited on the unique index. Read it on this
        // transaction's own connection: a second connection could wait behind this transaction.
        const replay = await this.replay(principal, idempotency, manager);
        if (!replay) throw keyReused();
        return replay;
      }
      await this.recipientLinks.mint(manager, batch); // Issue 8b: before the messages, as it may redraw a code
      if (batch.messages.length > 0) await this.messages.insertBatch(manager, batch);
      await this.compliance.recordHolds(manager, batch); // Issue 9a
      const response = respond();
      if (idempotency)
        await this.idempotency.complete(
          manager,
          principal.account.id,
          idempotency.key,
          response.status,
          response.body,
        );
      await charge.reserve(manager);
      return { ...response, replayed: false };
    });
  }

  private newBatch(
    context: SendContext,
    batchId: string | null,
    messages: ComposedMessage[],
    screening: Screening,
  ): NewMessageBatch {
    const ids = messages.map(() => this.ids.next());
    return {
      accountId: context.sender.id,
      batchId,
      createdAt: new Date(),
      signature: context.signature,
      templateId: context.templateId,
      kind: context.kind,
      status: context.status,
      sendAt: context.sendAt,
      queuedAt: context.queuedAt,
      callbackUrl: context.callbackUrl,
      sourceExtension: context.sourceExtension,
      ids,
      messages,
      held: screening.holds,
      links: context.links,
    };
  }
}

/** Issue 9a: an accepted recipient kept back by compliance says so, with the reason and release time. */
function heldResult(screening: Screening, position: number): Partial<RecipientResultView> {
  const hold = screening.holds[position];
  if (!hold) return {};
  return {
    status: 'HELD',
    hold: { reason: hold.reason, release_at: hold.releaseAt?.toISOString() ?? null, detail: hold.detail },
  };
}

function rejectedResult(index: number, raw: unknown, reason: RecipientRejection): RecipientResultView {
  const field = reason.field ? `recipients[${index}].${reason.field}` : `recipients[${index}]`;
  // A phone that cannot be stored is not echoed either: the answer is kept with the idempotency record.
  const phone =
    typeof raw === 'object' && raw !== null && reason.code !== ErrorCode.TextInvalidCharacter
      ? (raw as { phone?: unknown }).phone
      : undefined;
  const error: RecipientResultView['error'] = { code: reason.code, message: reason.message, field };
  if (reason.reason !== undefined) error.reason = reason.reason;
  if (reason.details !== undefined) error.details = { ...reason.details }; // Issue 9b
  return { index, result: 'rejected', phone, error };
}

function acceptedRow(batch: NewMessageBatch, position: number): MessageRow {
  const message = batch.messages[position]!;
  const held = batch.held?.[position] != null; // Issue 9a
  return {
    id: batch.ids[position]!,
    created_at: batch.createdAt,
    account_id: batch.accountId,
    batch_id: batch.batchId,
    phone: message.phone,
    content: message.content,
    signature: batch.signature,
    template_id: batch.templateId,
    template_params: message.templateParams ? { ...message.templateParams } : null,
    kind: batch.kind,
    encoding: message.encoding,
    segments: message.segments,
    status: held ? MessageStatus.Held : batch.status,
    carrier: message.carrier,
    province: message.province,
    channel_id: null,
    carrier_message_ids: null,
    client_ref: message.clientRef,
    callback_url: batch.callbackUrl,
    send_at: batch.sendAt,
    queued_at: held ? null : batch.queuedAt,
    submitted_at: null,
    done_at: null,
    error_code: null,
    error_message: null,
    attempts: 0,
    updated_at: batch.createdAt,
  };
}
