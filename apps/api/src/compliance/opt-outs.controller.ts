import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiRequest } from '../auth/api-request';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { requireCsv, uploadOf } from '../numbers/upload-format';
import { ActingAccountQuery, AddOptOutDto, PhoneListQuery } from './dto/compliance-state.dto';
import { ImportReport, OptOutPage, OptOutView } from './dto/compliance-state.view';
import { OptOutService } from './opt-out.service';

@ApiTags('compliance')
@Controller('v1/compliance/opt-outs')
export class OptOutsController {
  constructor(private readonly optOuts: OptOutService) {}

  @Get()
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({
    summary: 'The account’s opt-out list (numbers its marketing must not reach), in number order',
  })
  @ApiOkResponse({ type: OptOutPage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PhoneListQuery): Promise<OptOutPage> {
    return this.optOuts.list(principal, query);
  }

  @Post()
  @Authenticated(Scope.MessagesSend)
  @ApiOperation({ summary: 'Put a number on the opt-out list; 200 when it was listed already' })
  @ApiCreatedResponse({ type: OptOutView })
  async add(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: AddOptOutDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OptOutView> {
    const { view, created } = await this.optOuts.add(principal, dto);
    response.status(created ? 201 : 200);
    return view;
  }

  @Post('import')
  @HttpCode(200)
  @Authenticated(Scope.MessagesSend)
  @ApiOperation({
    summary: 'Import a CSV of numbers (phone[,note], header optional); bad rows are reported by line',
    description:
      'The CSV is the raw request body: `curl --data-binary @list.csv -H "Content-Type: text/csv"`.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ImportReport })
  import(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ActingAccountQuery,
    @Req() request: ApiRequest,
  ): Promise<ImportReport> {
    const upload = uploadOf(request);
    requireCsv(upload);
    return this.optOuts.import(principal, upload, query.account_id);
  }

  @Get('export')
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({ summary: 'The whole list as CSV (phone,source,note,created_at), streamed' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ActingAccountQuery,
    @Res() response: Response,
  ): Promise<void> {
    try {
      await this.optOuts.export(principal, query.account_id, response);
    } catch (error) {
      // Once rows are on the wire an error status can no longer be sent: cut the download short instead.
      if (response.headersSent) response.destroy(error as Error);
      else throw error;
    }
  }

  @Delete(':phone')
  @HttpCode(204)
  @Authenticated(Scope.MessagesSend)
  @ApiOperation({ summary: 'Take a number off the list (it resubscribed)' })
  @ApiNoContentResponse()
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('phone') phone: string,
    @Query() query: ActingAccountQuery,
  ): Promise<void> {
    return this.optOuts.remove(principal, phone, query.account_id);
  }
}
