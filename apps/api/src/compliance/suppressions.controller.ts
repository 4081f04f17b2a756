import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { OperatorOnly } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { AutoSuppressionService } from './auto-suppression.service';
import { BlocklistService } from './blocklist.service';
import { BlockNumberDto, PhoneListQuery, ReasonDto } from './dto/compliance-state.dto';
import { SuppressedNumberPage, SuppressedNumberView } from './dto/compliance-state.view';

/** Platform-wide suppression (operator): the blocklist and numbers suppressed after permanent failures. */
@ApiTags('compliance')
@Controller('v1/compliance')
export class SuppressionsController {
  constructor(
    private readonly blocklist: BlocklistService,
    private readonly auto: AutoSuppressionService,
  ) {}

  @Get('blocklist')
  @OperatorOnly(Scope.AccountsRead)
  @ApiOperation({ summary: 'The platform blocklist, in number order' })
  @ApiOkResponse({ type: SuppressedNumberPage })
  listBlocked(@Query() query: PhoneListQuery): Promise<SuppressedNumberPage> {
    return this.blocklist.list(query);
  }

  @Put('blocklist/:phone')
  @OperatorOnly(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Block a number for every account and kind (201), or change its reason (200)' })
  @ApiCreatedResponse({ type: SuppressedNumberView })
  @ApiOkResponse({ type: SuppressedNumberView })
  async block(
    @CurrentPrincipal() principal: Principal,
    @Param('phone') phone: string,
    @Body() dto: BlockNumberDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SuppressedNumberView> {
    const { view, created } = await this.blocklist.put(principal, phone, dto.reason);
    response.status(created ? 201 : 200);
    return view;
  }

  @Delete('blocklist/:phone')
  @HttpCode(204)
  @OperatorOnly(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Unblock a number; the reason goes into the audit trail' })
  @ApiNoContentResponse()
  unblock(@Param('phone') phone: string, @Body() dto: ReasonDto): Promise<void> {
    return this.blocklist.remove(phone, dto.reason);
  }

  @Get('auto-suppressions')
  @OperatorOnly(Scope.AccountsRead)
  @ApiOperation({
    summary:
      'Numbers suppressed after repeated permanent failures (empty number, stopped line), with the reason',
  })
  @ApiOkResponse({ type: SuppressedNumberPage })
  listAuto(@Query() query: PhoneListQuery): Promise<SuppressedNumberPage> {
    return this.auto.list(query);
  }

  @Delete('auto-suppressions/:phone')
  @HttpCode(204)
  @OperatorOnly(Scope.AccountsWrite)
  @ApiOperation({
    summary: 'Clear an automatic suppression (and the failure count); reason goes to the audit trail',
  })
  @ApiNoContentResponse()
  clearAuto(@Param('phone') phone: string, @Body() dto: ReasonDto): Promise<void> {
    return this.auto.clear(phone, dto.reason);
  }
}
