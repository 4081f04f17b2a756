import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { SendBatchDto, SendMessageDto } from '../messages/send-message.dto';
import { CheckResultView } from './dto/check-result.view';
import { MessageCheckPipe } from './message-check.pipe';
import { MessageCheckService } from './message-check.service';

@ApiTags('messages')
@Controller('v1/messages')
export class MessageCheckController {
  constructor(private readonly checks: MessageCheckService) {}

  @Post('check')
  @HttpCode(200)
  @Authenticated(Scope.MessagesSend)
  @ApiOperation({
    summary: 'Dry run: the whole compliance pipeline on a message or a batch, without storing or sending',
    description:
      'Same body as POST /v1/messages (phone) or /v1/messages/batch (recipients). Returns each recipient’s verdict ' +
      '(pass, hold, reject with code and field), the final text and its segments. Frequency caps are peeked at, ' +
      'never counted.',
  })
  @ApiBody({ type: SendBatchDto })
  @ApiOkResponse({ type: CheckResultView })
  check(
    @CurrentPrincipal() principal: Principal,
    @Body(MessageCheckPipe) dto: SendMessageDto | SendBatchDto,
  ): Promise<CheckResultView> {
    return this.checks.check(principal, dto);
  }
}
