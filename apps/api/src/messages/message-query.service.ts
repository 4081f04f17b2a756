import { Injectable } from '@nestjs/common';
import { normalizePhone } from '@tongdao/phone';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../common/page-cursor';
import { uuidV7Timestamp } from '../common/uuid-v7';
import { ListMessagesQuery } from './list-messages.query';
import { MessageFilter, MessageRepository } from './message.repository';
import { MessagePage, MessageView } from './message.view';

const DEFAULT_PAGE = 50;

@Injectable()
export class MessageQueryService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly acting: ActingAccountResolver,
  ) {}

  /** Any message of the caller's account or its descendants; everything else is "not found". */
  async get(principal: Principal, id: string): Promise<MessageView> {
    const timestamp = uuidV7Timestamp(id);
    const row = timestamp === null ? null : await this.messages.findInScope(principal.account, id, timestamp);
    if (!row) throw new DomainException(ErrorCode.NotFound, 'Message not found', 'id');
    return MessageView.of(row, await this.messages.events(row));
  }

  async list(principal: Principal, query: ListMessagesQuery): Promise<MessagePage> {
    const account = await this.acting.resolve(principal, query.account_id);
    const limit = query.limit ?? DEFAULT_PAGE;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.messages.list(account.id, toFilter(query), limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((row) => MessageView.of(row)),
      next_cursor:
        rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
    };
  }
}

function toFilter(query: ListMessagesQuery): MessageFilter {
  const filter: MessageFilter = { status: query.status, kind: query.kind, clientRef: query.client_ref };
  if (query.phone !== undefined) {
    const parsed = normalizePhone(query.phone);
    if (!parsed.ok)
      throw new DomainException(ErrorCode.InvalidPhone, parsed.reason, 'phone', undefined, parsed.code);
    filter.phone = parsed.phone.e164;
  }
  if (query.from !== undefined) filter.from = new Date(query.from);
  if (query.to !== undefined) filter.to = new Date(query.to);
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new DomainException(ErrorCode.ValidationFailed, 'from must not be after to', 'from');
  }
  return filter;
}
