import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated } from '../../auth/authenticated.decorator';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { Scope } from '../../auth/scope';
import { UsageQuery } from './usage.query';
import { UsageReportView } from './usage.view';
import { UsageService } from './usage.service';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../../common/api-errors.decorator';

@ApiTags('usage')
@Controller('v1/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @ApiErrors(ErrorCode.NotFound)
  @Authenticated(Scope.AccountsRead)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Usage per account and billing day by carrier, kind and province, as JSON or CSV',
    description:
      'Messages, segments, delivered, failed, amount charged, revenue from sub-accounts, cost and margin, from ' +
      'rollups kept as messages reach a final status. Each account’s rows cover its whole subtree’s traffic.',
  })
  @ApiOkResponse({ type: UsageReportView })
  async report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: UsageQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UsageReportView | string> {
    const report = await this.usage.report(principal, query);
    const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (!csv) return report;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="usage-${report.account_id}-${report.from}-${report.to}.csv"`,
    );
    return this.usage.toCsv(report);
  }
}
