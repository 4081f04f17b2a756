import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ConversionDto } from './conversion.dto';
import { ConversionView, conversionView } from './conversion.view';
import { ConversionsService } from './conversions.service';

@ApiTags('analytics')
@Controller('v1/conversions')
export class ConversionsController {
  constructor(private readonly conversions: ConversionsService) {}

  @Post()
  @Authenticated(Scope.ConversionsWrite)
  @ApiOperation({
    summary: 'Report a conversion (postback from your site)',
    description:
      'Attributes an event (purchase, signup...) with an optional value to a click id (`td_cid`), a link code or ' +
      'a message id, and through it to the message, recipient, batch and campaign; it appears in the funnel. 201 ' +
      'when stored, 200 when `idempotency_key` was already used for the same conversion (counted once), 409 when ' +
      'it was used for a different one. Unknown click, link or message: 404 CONVERSION_CLICK_UNKNOWN, ' +
      'CONVERSION_LINK_UNKNOWN, CONVERSION_MESSAGE_UNKNOWN.',
  })
  @ApiCreatedResponse({ description: 'Stored' })
  @ApiOkResponse({ description: 'The same idempotency_key again: the stored conversion' })
  async record(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ConversionDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConversionView> {
    const { conversion, replayed } = await this.conversions.record(principal, dto);
    response.status(replayed ? 200 : 201);
    return conversionView(conversion);
  }
}
