import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ReportPage } from './report-event.view';
import { ReportsService } from './reports.service';
import { StreamQueryDto } from './stream-query.dto';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiErrors(ErrorCode.InvalidCursor, ErrorCode.NotFound)
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({
    summary: 'Status changes since a cursor (pull delivery reports)',
    description:
      'Every status change of the account tree’s messages after `cursor`, oldest first: at least once, in order per ' +
      'message. Store `next_cursor` after processing a page and pass it next time.',
  })
  @ApiOkResponse({ type: ReportPage })
  pull(@CurrentPrincipal() principal: Principal, @Query() query: StreamQueryDto): Promise<ReportPage> {
    return this.reports.pull(principal, query);
  }
}
