import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { AuditRepository } from './audit.repository';
import { AuditEntryView, AuditPage } from './audit.view';
import { ListAuditQuery } from './list-audit.query';
import { ApiErrors } from '../common/api-errors.decorator';

const DEFAULT_PAGE = 50;

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly entries: AuditRepository) {}

  @Get()
  @ApiErrors(ErrorCode.InvalidCursor, ErrorCode.NotFound)
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({
    summary: 'Changes made in the caller’s subtree, newest first',
    description:
      'Every authenticated POST, PUT, PATCH and DELETE, refused ones included, with the acting key and account, IP, ' +
      'time, route, outcome, request body (secrets redacted) and before/after values. A child never sees entries ' +
      'made by its parent.',
  })
  @ApiOkResponse({ type: AuditPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListAuditQuery): Promise<AuditPage> {
    if (
      query.account_id &&
      !(await this.entries.subjectInScope(principal.account, query.account_id.toLowerCase()))
    )
      throw new DomainException(ErrorCode.NotFound, 'Account not found', 'account_id');
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.entries.list(
      principal.account,
      {
        accountId: query.account_id?.toLowerCase(),
        route: query.route,
        method: query.method,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        beforeId: query.cursor,
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    return {
      data: page.map((row) => AuditEntryView.of(row)),
      next_cursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
    };
  }
}
