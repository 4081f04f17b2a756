import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ApiKeyList, ApiKeyView, CreatedApiKeyView } from './api-key.view';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './create-api-key.dto';

@ApiTags('api-keys')
@Controller('v1/accounts/:account_id/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @HttpCode(201)
  @Authenticated(Scope.KeysWrite)
  @ApiOperation({
    summary: 'Create a key for the caller or a descendant; the full key is returned only here',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyView })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('account_id', ParseIdPipe) accountId: string,
    @Body() dto: CreateApiKeyDto,
  ): Promise<CreatedApiKeyView> {
    return this.keys.create(principal, accountId, dto);
  }

  @Get()
  @Authenticated(Scope.KeysWrite)
  @ApiOperation({ summary: 'List keys (prefix only, never the secret)' })
  @ApiOkResponse({ type: ApiKeyList })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('account_id', ParseIdPipe) accountId: string,
  ): Promise<ApiKeyList> {
    return this.keys.list(principal, accountId);
  }

  @Delete(':key_id')
  @Authenticated(Scope.KeysWrite)
  @ApiOperation({ summary: 'Revoke a key; it stops working immediately' })
  @ApiOkResponse({ type: ApiKeyView })
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('account_id', ParseIdPipe) accountId: string,
    @Param('key_id', ParseIdPipe) keyId: string,
  ): Promise<ApiKeyView> {
    return this.keys.revoke(principal, accountId, keyId);
  }
}
