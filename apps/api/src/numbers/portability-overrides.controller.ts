import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiRequest } from '../auth/api-request';
import { OperatorOnly } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ListOverridesQuery } from './dto/list-overrides.query';
import { OverrideImportQuery } from './dto/prefix-import.query';
import { SetOverrideDto } from './dto/set-override.dto';
import { OverrideImportView, OverridePage, OverrideView } from './number-views';
import { PortabilityOverrideService } from './portability-override.service';
import { requireCsv, uploadOf } from './upload-format';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('numbers')
@Controller('v1/numbers/overrides')
export class PortabilityOverridesController {
  constructor(private readonly overrides: PortabilityOverrideService) {}

  @Get()
  @ApiErrors(ErrorCode.InvalidCursor)
  @OperatorOnly(Scope.NumbersRead)
  @ApiOperation({ summary: 'Portability overrides (携号转网) in number order' })
  @ApiOkResponse({ type: OverridePage })
  list(@Query() query: ListOverridesQuery): Promise<OverridePage> {
    return this.overrides.list(query);
  }

  @Post('import')
  @ApiErrors(
    ErrorCode.NumberFileFormatUnknown,
    ErrorCode.NumberFileInvalid,
    ErrorCode.NumberFileRowsInvalid,
    ErrorCode.PayloadTooLarge,
  )
  @OperatorOnly(Scope.NumbersWrite)
  @ApiOperation({
    summary:
      'Bulk import a CSV of phone,carrier[,note]; extend (add/update) or replace (also remove the rest)',
    description:
      'The CSV is the raw request body: `curl --data-binary @ported.csv -H "Content-Type: text/csv"`.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: OverrideImportView })
  import(
    @CurrentPrincipal() principal: Principal,
    @Query() query: OverrideImportQuery,
    @Req() request: ApiRequest,
  ): Promise<OverrideImportView> {
    const upload = uploadOf(request);
    requireCsv(upload);
    return this.overrides.import(principal, upload, query);
  }

  @Get('imports')
  @OperatorOnly(Scope.NumbersRead)
  @ApiOperation({ summary: 'Bulk import history, newest first' })
  @ApiOkResponse({ type: [OverrideImportView] })
  imports(): Promise<OverrideImportView[]> {
    return this.overrides.imports();
  }

  @Get(':phone')
  @ApiErrors(ErrorCode.InvalidPhone, ErrorCode.NotMainlandMobile, ErrorCode.PortabilityOverrideNotFound)
  @OperatorOnly(Scope.NumbersRead)
  @ApiOperation({ summary: 'The override of one number' })
  @ApiOkResponse({ type: OverrideView })
  get(@Param('phone') phone: string): Promise<OverrideView> {
    return this.overrides.get(phone);
  }

  @Put(':phone')
  @ApiErrors(ErrorCode.InvalidPhone, ErrorCode.NotMainlandMobile)
  @OperatorOnly(Scope.NumbersWrite)
  @ApiOperation({ summary: 'Add or change the override of one number; 201 when it had none' })
  @ApiOkResponse({ type: OverrideView })
  @ApiCreatedResponse({ type: OverrideView })
  async set(
    @Param('phone') phone: string,
    @Body() dto: SetOverrideDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OverrideView> {
    const { view, created } = await this.overrides.set(phone, dto);
    response.status(created ? 201 : 200);
    return view;
  }

  @Delete(':phone')
  @ApiErrors(ErrorCode.InvalidPhone, ErrorCode.NotMainlandMobile, ErrorCode.PortabilityOverrideNotFound)
  @HttpCode(204)
  @OperatorOnly(Scope.NumbersWrite)
  @ApiOperation({
    summary: 'Remove the override of one number: its carrier comes from the prefix data again',
  })
  @ApiNoContentResponse()
  remove(@Param('phone') phone: string): Promise<void> {
    return this.overrides.remove(phone);
  }
}
