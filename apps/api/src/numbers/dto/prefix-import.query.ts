import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IMPORT_MODES, ImportMode } from '@tongdao/number-data';
import { PrefixFileFormat } from '@tongdao/phone';

export const PREFIX_FILE_FORMATS: readonly PrefixFileFormat[] = ['csv', 'phone-dat'];

export class PrefixImportQuery {
  @ApiPropertyOptional({
    enum: IMPORT_MODES,
    default: 'extend',
    description:
      'extend: layered over the data in force; replace: the built-in data and earlier imports are set aside',
  })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;

  @ApiPropertyOptional({
    enum: PREFIX_FILE_FORMATS,
    description:
      'Default: from Content-Type (text/csv, application/octet-stream), else detected from the bytes',
  })
  @IsOptional()
  @IsIn(PREFIX_FILE_FORMATS)
  format?: PrefixFileFormat;

  @ApiPropertyOptional({ description: 'A label for the import history, e.g. "phone.dat 2023-12"' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class OverrideImportQuery {
  @ApiPropertyOptional({
    enum: IMPORT_MODES,
    default: 'extend',
    description: 'extend: add and update; replace: also remove every override the file does not list',
  })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;

  @ApiPropertyOptional({ description: 'A label for the import history' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}
