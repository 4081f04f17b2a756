import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../accounts/list-query.dto';
import { Authenticated, OperatorOnly } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { StreamQueryDto } from '../reports/stream-query.dto';
import { ReplyPage, UnmatchedReplyPage } from './dto/reply-event.view';
import { AccountQueryDto, ReplySettingsView, UpdateReplySettingsDto } from './dto/reply-settings.dto';
import { RepliesService } from './replies.service';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('replies')
@Controller('v1/replies')
export class RepliesController {
  constructor(private readonly replies: RepliesService) {}

  @Get()
  @ApiErrors(ErrorCode.InvalidCursor)
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({
    summary: 'Inbound replies since a cursor',
    description:
      'Replies routed to the account tree after `cursor`, oldest first, each with its routing, unsubscribe flag ' +
      'and quick-reply action. Store `next_cursor` after processing a page.',
  })
  @ApiOkResponse({ type: ReplyPage })
  pull(@CurrentPrincipal() principal: Principal, @Query() query: StreamQueryDto): Promise<ReplyPage> {
    return this.replies.pull(principal, query);
  }

  @Get('unmatched')
  @ApiErrors(ErrorCode.InvalidCursor)
  @OperatorOnly(Scope.MessagesRead)
  @ApiOperation({ summary: 'Replies no account could be found for (operator), newest first' })
  @ApiOkResponse({ type: UnmatchedReplyPage })
  unmatched(@Query() query: PageQueryDto): Promise<UnmatchedReplyPage> {
    return this.replies.unmatched(query);
  }

  @Get('settings')
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'Extension code, unsubscribe keywords and quick replies of an account' })
  @ApiOkResponse({ type: ReplySettingsView })
  settings(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccountQueryDto,
  ): Promise<ReplySettingsView> {
    return this.replies.getSettings(principal, query.account_id);
  }

  @Put('settings')
  @ApiErrors(
    ErrorCode.NotFound,
    ErrorCode.ReplyKeywordConflict,
    ErrorCode.ExtensionNotAllowed,
    ErrorCode.ExtensionTaken,
  )
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({
    summary: 'Change unsubscribe keywords, quick replies or (for a descendant) the extension code',
  })
  @ApiOkResponse({ type: ReplySettingsView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: UpdateReplySettingsDto,
  ): Promise<ReplySettingsView> {
    return this.replies.updateSettings(principal, dto);
  }
}
