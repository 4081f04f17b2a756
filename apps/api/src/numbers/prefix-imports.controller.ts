import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiRequest } from '../auth/api-request';
import { OperatorOnly } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { PageQueryDto } from '../accounts/list-query.dto';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { PrefixImportQuery } from './dto/prefix-import.query';
import { PrefixImportPage, PrefixImportView } from './number-views';
import { PrefixImportService } from './prefix-import.service';
import { uploadOf } from './upload-format';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('numbers')
@Controller('v1/numbers/prefix-imports')
export class PrefixImportsController {
  constructor(private readonly imports: PrefixImportService) {}

  @Post()
  @ApiErrors(
    ErrorCode.NumberFileFormatUnknown,
    ErrorCode.NumberFileInvalid,
    ErrorCode.NumberFileRowsInvalid,
    ErrorCode.PayloadTooLarge,
  )
  @OperatorOnly(Scope.NumbersWrite)
  @ApiOperation({
    summary:
      'Import a prefix file (CSV prefix,carrier,province,city or phone.dat) that extends or replaces the data',
    description:
      'The file is the raw request body: `curl --data-binary @phone.dat -H "Content-Type: application/octet-stream"`. ' +
      'CSV is UTF-8, or GBK with `Content-Type: text/csv; charset=gbk`. Nothing is imported unless the whole file ' +
      'is valid; problems are listed with their CSV line or phone.dat index entry. In force in every process within ' +
      'moments, without a restart.',
  })
  @ApiConsumes('text/csv', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: PrefixImportView })
  create(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PrefixImportQuery,
    @Req() request: ApiRequest,
  ): Promise<PrefixImportView> {
    return this.imports.import(principal, uploadOf(request), query);
  }

  @Get()
  @ApiErrors(ErrorCode.InvalidCursor)
  @OperatorOnly(Scope.NumbersRead)
  @ApiOperation({ summary: 'Import history, newest first' })
  @ApiOkResponse({ type: PrefixImportPage })
  list(@Query() query: PageQueryDto): Promise<PrefixImportPage> {
    return this.imports.list(query.limit, query.cursor);
  }

  @Get(':id')
  @ApiErrors(ErrorCode.PrefixImportNotFound)
  @OperatorOnly(Scope.NumbersRead)
  @ApiOperation({ summary: 'One import' })
  @ApiOkResponse({ type: PrefixImportView })
  get(@Param('id', ParseIdPipe) id: string): Promise<PrefixImportView> {
    return this.imports.get(id);
  }

  @Get(':id/file')
  @ApiErrors(ErrorCode.PrefixImportNotFound)
  @OperatorOnly(Scope.NumbersRead)
  @ApiOperation({ summary: 'The file exactly as uploaded' })
  @ApiProduces('text/csv', 'application/octet-stream')
  @ApiOkResponse({ description: 'The uploaded bytes', schema: { type: 'string', format: 'binary' } })
  async file(
    @Param('id', ParseIdPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { file, format } = await this.imports.file(id);
    const csv = format === 'csv';
    response.setHeader('Content-Type', csv ? 'text/csv' : 'application/octet-stream');
    response.setHeader('Content-Disposition', `attachment; filename="${id}.${csv ? 'csv' : 'dat'}"`);
    return new StreamableFile(file);
  }

  @Delete(':id')
  @ApiErrors(ErrorCode.PrefixImportNotFound, ErrorCode.PrefixImportWithdrawn)
  @HttpCode(200)
  @OperatorOnly(Scope.NumbersWrite)
  @ApiOperation({ summary: 'Withdraw an import: the data beneath it (or that it replaced) applies again' })
  @ApiOkResponse({ type: PrefixImportView })
  withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<PrefixImportView> {
    return this.imports.withdraw(principal, id);
  }
}
