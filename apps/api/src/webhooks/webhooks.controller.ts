import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { AccountQueryDto } from '../replies/dto/reply-settings.dto';
import {
  DeadLetterPage,
  DeadLetterQueryDto,
  EndpointList,
  ReplayDeadLettersDto,
  ReplayResultView,
} from './dto/dead-letters.dto';
import { AccountBodyDto, UpdateWebhookSettingsDto, WebhookSettingsView } from './dto/webhook-settings.dto';
import { WebhooksService } from './webhooks.service';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('webhooks')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get('settings')
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'The account’s default report and reply webhook URLs' })
  @ApiOkResponse({ type: WebhookSettingsView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccountQueryDto,
  ): Promise<WebhookSettingsView> {
    return this.webhooks.get(principal, query.account_id);
  }

  @Put('settings')
  @ApiErrors(ErrorCode.NotFound, ErrorCode.WebhookUrlUnsafe, ErrorCode.WebhookUrlUnresolvable)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({
    summary: 'Set the default webhook URLs (http(s) on public addresses only)',
    description:
      'Fields left out keep their value; null clears. The first call creates the signing secret and returns it ' +
      'once in `signing_secret`.',
  })
  @ApiOkResponse({ type: WebhookSettingsView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: UpdateWebhookSettingsDto,
  ): Promise<WebhookSettingsView> {
    return this.webhooks.update(principal, dto);
  }

  @Post('signing-secret')
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({
    summary: 'Rotate the webhook signing secret',
    description:
      'Returns the new secret once. The previous one keeps signing alongside it for the grace period.',
  })
  @ApiOkResponse({ type: WebhookSettingsView })
  rotate(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: AccountBodyDto,
  ): Promise<WebhookSettingsView> {
    return this.webhooks.rotateSecret(principal, dto.account_id);
  }

  @Get('endpoints')
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'Webhook endpoints of the account tree with their backlog and health' })
  @ApiOkResponse({ type: EndpointList })
  endpoints(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccountQueryDto,
  ): Promise<EndpointList> {
    return this.webhooks.endpoints(principal, query.account_id);
  }

  @Get('dead-letters')
  @ApiErrors(ErrorCode.InvalidCursor)
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'Events given up after 24 hours of retries, newest first' })
  @ApiOkResponse({ type: DeadLetterPage })
  deadLetters(
    @CurrentPrincipal() principal: Principal,
    @Query() query: DeadLetterQueryDto,
  ): Promise<DeadLetterPage> {
    return this.webhooks.deadLetters(principal, query);
  }

  @Post('dead-letters/replay')
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({
    summary: 'Queue dead letters for delivery again',
    description: 'The given ids, or the oldest 10,000 of the tree (call again while `replayed` is 10,000).',
  })
  @ApiOkResponse({ type: ReplayResultView })
  replay(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ReplayDeadLettersDto,
  ): Promise<ReplayResultView> {
    return this.webhooks.replay(principal, dto);
  }
}
