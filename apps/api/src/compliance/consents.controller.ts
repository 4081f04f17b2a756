import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ConsentService } from './consent.service';
import {
  ActingAccountQuery,
  ConsentListQuery,
  RecordConsentDto,
  RevokeConsentDto,
} from './dto/compliance-state.dto';
import { ConsentPage, ConsentRecorded, ConsentView } from './dto/compliance-state.view';

@ApiTags('compliance')
@Controller('v1/compliance/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentService) {}

  @Post()
  @Authenticated(Scope.MessagesSend)
  @ApiOperation({
    summary: 'Record marketing consent for one number or many (source, time, optional evidence)',
    description: 'Recording again replaces the source and time and lifts an earlier revocation.',
  })
  @ApiCreatedResponse({ type: ConsentRecorded })
  record(@CurrentPrincipal() principal: Principal, @Body() dto: RecordConsentDto): Promise<ConsentRecorded> {
    return this.consents.record(principal, dto);
  }

  @Get()
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({ summary: 'Consents on record, in number order' })
  @ApiOkResponse({ type: ConsentPage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ConsentListQuery): Promise<ConsentPage> {
    return this.consents.list(principal, query);
  }

  @Get(':phone')
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({ summary: 'The consent of one number, revoked or not' })
  @ApiOkResponse({ type: ConsentView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('phone') phone: string,
    @Query() query: ActingAccountQuery,
  ): Promise<ConsentView> {
    return this.consents.get(principal, phone, query.account_id);
  }

  @Delete(':phone')
  @Authenticated(Scope.MessagesSend)
  @ApiOperation({ summary: 'Revoke consent (kept on record with the time and source of the revocation)' })
  @ApiOkResponse({ type: ConsentView })
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('phone') phone: string,
    @Body() dto: RevokeConsentDto,
  ): Promise<ConsentView> {
    return this.consents.revoke(principal, phone, dto);
  }
}
