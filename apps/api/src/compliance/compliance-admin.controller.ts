import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ComplianceAdminService } from './compliance-admin.service';
import {
  AccountQuery,
  AddWordsDto,
  ComplianceSettingsDto,
  LinkDomainDto,
  WordListQuery,
} from './dto/compliance-admin.dto';

@ApiTags('compliance')
@Controller('v1/compliance')
export class ComplianceAdminController {
  constructor(private readonly admin: ComplianceAdminService) {}

  @Get('words')
  @ApiOkResponse()
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'A sensitive-word list (the account’s, or list=platform), 1,000 words a page' })
  listWords(@CurrentPrincipal() principal: Principal, @Query() query: WordListQuery) {
    return this.admin.listWords(principal, query.list, query.account_id, query.after);
  }

  @Post('words')
  @ApiOkResponse()
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({
    summary: 'Add or import words (up to 50,000 a call) with category block or review',
    description: 'Every API process picks the change up within COMPLIANCE_WORDS_RELOAD_MS; this one at once.',
  })
  addWords(@CurrentPrincipal() principal: Principal, @Body() dto: AddWordsDto) {
    return this.admin.addWords(principal, dto.list, dto.account_id, dto.words);
  }

  @Delete('words/:word')
  @ApiNoContentResponse()
  @HttpCode(204)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Remove a word from a list' })
  async removeWord(
    @CurrentPrincipal() principal: Principal,
    @Param('word') word: string,
    @Query() query: WordListQuery,
  ): Promise<void> {
    await this.admin.removeWord(principal, query.list, query.account_id, word);
  }

  @Get('link-domains')
  @ApiOkResponse()
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'The domains an account may link to in its messages' })
  listLinkDomains(@CurrentPrincipal() principal: Principal, @Query() query: AccountQuery) {
    return this.admin.listLinkDomains(principal, query.account_id);
  }

  @Post('link-domains')
  @ApiOkResponse()
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Register a link domain for a descendant account (ancestors only)' })
  addLinkDomain(@CurrentPrincipal() principal: Principal, @Body() dto: LinkDomainDto) {
    return this.admin.addLinkDomain(principal, dto.account_id, dto.host);
  }

  @Delete('link-domains/:host')
  @ApiNoContentResponse()
  @HttpCode(204)
  @Authenticated(Scope.AccountsWrite)
  async removeLinkDomain(
    @CurrentPrincipal() principal: Principal,
    @Param('host') host: string,
    @Query() query: AccountQuery,
  ): Promise<void> {
    await this.admin.removeLinkDomain(principal, query.account_id, host);
  }

  @Get('settings')
  @ApiOkResponse()
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'Unsubscribe text and quiet hours in force for an account' })
  settings(@CurrentPrincipal() principal: Principal, @Query() query: AccountQuery) {
    return this.admin.settings(principal, query.account_id);
  }

  @Put('settings')
  @ApiOkResponse()
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Set a descendant’s unsubscribe text and quiet window (ancestors only)' })
  saveSettings(@CurrentPrincipal() principal: Principal, @Body() dto: ComplianceSettingsDto) {
    return this.admin.saveSettings(principal, dto.account_id, dto);
  }
}
