import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put, Query, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ComplianceStateSettingsService } from './compliance-state-settings.service';
import {
  ActingAccountQuery,
  ExemptListQuery,
  ExemptNumberDto,
  UpdateStateSettingsDto,
} from './dto/compliance-state.dto';
import { ExemptNumberView, StateSettingsView } from './dto/compliance-state.view';

@ApiTags('compliance')
@Controller('v1/compliance')
export class ComplianceStateSettingsController {
  constructor(private readonly settings: ComplianceStateSettingsService) {}

  @Get('caps')
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'Frequency caps per kind and the consent requirement in force for an account' })
  @ApiOkResponse({ type: StateSettingsView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ActingAccountQuery,
  ): Promise<StateSettingsView> {
    return this.settings.get(principal, query.account_id);
  }

  @Patch('caps')
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({
    summary: 'Set a descendant’s caps per kind and whether its marketing needs consent (parent or operator)',
  })
  @ApiOkResponse({ type: StateSettingsView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: UpdateStateSettingsDto,
  ): Promise<StateSettingsView> {
    return this.settings.update(principal, dto);
  }

  @Get('test-numbers')
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'Test numbers no frequency cap applies to (the account’s, or the platform’s)' })
  @ApiOkResponse({ type: [ExemptNumberView] })
  listExempt(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExemptListQuery,
  ): Promise<ExemptNumberView[]> {
    return this.settings.listExempt(principal, query.account_id, query.platform === 'true');
  }

  @Put('test-numbers/:phone')
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Exempt a test number from caps (201; 200 if it was already)' })
  @ApiOkResponse()
  async addExempt(
    @CurrentPrincipal() principal: Principal,
    @Param('phone') phone: string,
    @Body() dto: ExemptNumberDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ phone: string; added: boolean }> {
    const added = await this.settings.addExempt(principal, phone, dto);
    response.status(added ? 201 : 200);
    return { phone, added };
  }

  @Delete('test-numbers/:phone')
  @HttpCode(204)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Caps apply to the number again' })
  @ApiNoContentResponse()
  removeExempt(
    @CurrentPrincipal() principal: Principal,
    @Param('phone') phone: string,
    @Body() dto: ExemptNumberDto,
  ): Promise<void> {
    return this.settings.removeExempt(principal, phone, dto);
  }
}
