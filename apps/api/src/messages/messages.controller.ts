import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditOmitBody } from '../audit/audit.decorators';
import { ApiRequest } from '../auth/api-request';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { idempotencyRequest } from '../idempotency/idempotency-request';
import { ApiResult } from './api-result';
import { BatchResultView } from './batch-result.view';
import { ListMessagesQuery } from './list-messages.query';
import { MessageQueryService } from './message-query.service';
import { MessageSubmissionService } from './message-submission.service';
import { MessagePage, MessageView } from './message.view';
import { SendBatchPipe } from './send-batch.pipe';
import { SendBatchDto, SendMessageDto } from './send-message.dto';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Same key + same body within 24 h returns the stored response; same key + different body is 409',
};

/** What a send can be refused for, single or batch (a batch answers per recipient where the refusal is one's). */
const SEND_ERRORS = [
  ErrorCode.NotFound,
  ErrorCode.IdempotencyKeyInvalid,
  ErrorCode.IdempotencyKeyReused,
  ErrorCode.InvalidPhone,
  ErrorCode.TemplateNotFound,
  ErrorCode.TemplateNotApproved,
  ErrorCode.TemplateVariableMissing,
  ErrorCode.TemplateVariableInvalid,
  ErrorCode.SignatureNotFound,
  ErrorCode.SignatureNotApproved,
  ErrorCode.FreeTextNotAllowed,
  ErrorCode.ContentTooLong,
  ErrorCode.KindMismatch,
  ErrorCode.SendAtInPast,
  ErrorCode.WebhookUrlUnsafe,
  ErrorCode.InsufficientBalance,
  ErrorCode.UpstreamBalanceInsufficient,
  ErrorCode.PriceNotSet,
  ErrorCode.KindNotAllowed,
  ErrorCode.TooManyRequests,
  ErrorCode.DailyQuotaExceeded,
  ErrorCode.MonthlyQuotaExceeded,
  ErrorCode.DuplicateInBatch,
  ErrorCode.SensitiveWord,
  ErrorCode.LinkNotAllowed,
  ErrorCode.PublicShortenerNotAllowed,
  ErrorCode.FrequencyCapExceeded,
  ErrorCode.RecipientSuppressed,
  ErrorCode.RecipientOptedOut,
  ErrorCode.ConsentMissing,
  ErrorCode.LinkPlaceholderMissing,
  ErrorCode.TextInvalidCharacter,
  ErrorCode.BodyTooDeep,
] as const;

@ApiTags('messages')
@Controller('v1/messages')
export class MessagesController {
  constructor(
    private readonly submissions: MessageSubmissionService,
    private readonly queries: MessageQueryService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiErrors(...SEND_ERRORS)
  @Authenticated(Scope.MessagesSend)
  @AuditOmitBody()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Send one message; 202 means it is stored durably and queued (or scheduled)' })
  @ApiAcceptedResponse({ type: MessageView })
  async send(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: SendMessageDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() request: ApiRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const idempotency = idempotencyRequest(key, 'POST /v1/messages', requestBody(request));
    return reply(response, await this.submissions.sendOne(principal, dto, idempotency));
  }

  @Post('batch')
  @HttpCode(202)
  @ApiErrors(...SEND_ERRORS, ErrorCode.BatchTooLarge)
  @Authenticated(Scope.MessagesSend)
  @AuditOmitBody()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: 'Send to up to 10,000 recipients; each is accepted or rejected on its own',
    description:
      'Good recipients are stored and queued even when others are rejected (bad phone, duplicate, missing variable).',
  })
  @ApiBody({ type: SendBatchDto })
  @ApiAcceptedResponse({ type: BatchResultView })
  async sendBatch(
    @CurrentPrincipal() principal: Principal,
    @Body(SendBatchPipe) dto: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Req() request: ApiRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const idempotency = idempotencyRequest(key, 'POST /v1/messages/batch', requestBody(request));
    return reply(response, await this.submissions.sendBatch(principal, dto as SendBatchDto, idempotency));
  }

  @Get()
  @ApiErrors(ErrorCode.InvalidCursor, ErrorCode.InvalidPhone, ErrorCode.NotFound)
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({ summary: 'List messages newest first, with filters and cursor pagination' })
  @ApiOkResponse({ type: MessagePage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListMessagesQuery): Promise<MessagePage> {
    return this.queries.list(principal, query);
  }

  @Get(':id')
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({ summary: 'One message with its status history' })
  @ApiOkResponse({ type: MessageView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<MessageView> {
    return this.queries.get(principal, id);
  }
}

function requestBody(request: ApiRequest): Buffer {
  return request.rawBody ?? Buffer.from(JSON.stringify(request.body ?? null));
}

function reply(response: Response, result: ApiResult): unknown {
  response.status(result.status);
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return result.body;
}
