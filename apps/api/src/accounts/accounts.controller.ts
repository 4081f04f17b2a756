import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AccountPage, AccountView } from './account.view';
import { AccountsService } from './accounts.service';
import { CreateAccountDto } from './create-account.dto';
import { PageQueryDto } from './list-query.dto';
import { UpdateAccountDto } from './update-account.dto';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('accounts')
@Controller('v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ApiErrors(ErrorCode.NotFound)
  @HttpCode(201)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Create a sub-account below the caller (or below one of its descendants)' })
  @ApiCreatedResponse({ type: AccountView })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateAccountDto): Promise<AccountView> {
    return this.accounts.create(principal, dto);
  }

  @Get()
  @ApiErrors(ErrorCode.InvalidCursor)
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'List every descendant of the caller, newest first' })
  @ApiOkResponse({ type: AccountPage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<AccountPage> {
    return this.accounts.listDescendants(principal, query.limit, query.cursor);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The account of the calling key' })
  @ApiOkResponse({ type: AccountView })
  me(@CurrentPrincipal() principal: Principal): Promise<AccountView> {
    return this.accounts.get(principal, principal.account.id);
  }

  @Get(':id')
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'The caller or one of its descendants' })
  @ApiOkResponse({ type: AccountView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<AccountView> {
    return this.accounts.get(principal, id);
  }

  @Patch(':id')
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Rename, suspend/reactivate or change the free-text privilege of a descendant' })
  @ApiOkResponse({ type: AccountView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountView> {
    return this.accounts.update(principal, id, dto);
  }
}
