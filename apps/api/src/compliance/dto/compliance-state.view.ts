import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OptOutView {
  @ApiProperty({ example: '+8613800138000' }) phone!: string;
  @ApiProperty({ example: 'reply:TD', description: 'reply:<keyword>, import, api' }) source!: string;
  @ApiPropertyOptional({ nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class OptOutPage {
  @ApiProperty({ type: [OptOutView] }) data!: OptOutView[];
  @ApiPropertyOptional({ nullable: true }) next_cursor!: string | null;
}

export class ImportRowError {
  @ApiProperty({ description: '1-based line of the file' }) line!: number;
  @ApiProperty({ example: 'INVALID_PHONE' }) code!: string;
  @ApiProperty() message!: string;
}

export class ImportReport {
  @ApiProperty({ description: 'Data rows read' }) rows!: number;
  @ApiProperty({ description: 'Numbers newly listed' }) added!: number;
  @ApiProperty({ description: 'Numbers that were listed already (or repeated in the file)' })
  already_listed!: number;
  @ApiProperty({ description: 'Rows refused' }) rejected!: number;
  @ApiProperty({ type: [ImportRowError], description: 'The first 100 refused rows' })
  errors!: ImportRowError[];
}

export class SuppressedNumberView {
  @ApiProperty() phone!: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional() last_code?: string;
  @ApiPropertyOptional() failures?: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class SuppressedNumberPage {
  @ApiProperty({ type: [SuppressedNumberView] }) data!: SuppressedNumberView[];
  @ApiPropertyOptional({ nullable: true }) next_cursor!: string | null;
}

export class ConsentView {
  @ApiProperty() phone!: string;
  @ApiProperty({ description: 'true while consent is on record and not revoked' }) active!: boolean;
  @ApiProperty() source!: string;
  @ApiPropertyOptional({ nullable: true }) evidence!: string | null;
  @ApiProperty({ format: 'date-time' }) consented_at!: string;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) revoked_at!: string | null;
  @ApiPropertyOptional({ nullable: true }) revoke_source!: string | null;
}

export class ConsentPage {
  @ApiProperty({ type: [ConsentView] }) data!: ConsentView[];
  @ApiPropertyOptional({ nullable: true }) next_cursor!: string | null;
}

export class ConsentRecorded {
  @ApiProperty() recorded!: number;
}

export class KindCapsView {
  @ApiProperty({ example: '1/minute,5/hour,10/day', description: '"" when no cap applies' }) caps!: string;
  @ApiProperty({ enum: ['account', 'platform'] }) source!: 'account' | 'platform';
}

export class StateSettingsView {
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty() requires_marketing_consent!: boolean;
  @ApiProperty({ enum: ['account', 'platform'] }) requires_marketing_consent_source!: 'account' | 'platform';
  @ApiProperty({ type: KindCapsView }) verification!: KindCapsView;
  @ApiProperty({ type: KindCapsView }) notification!: KindCapsView;
  @ApiProperty({ type: KindCapsView }) marketing!: KindCapsView;
}

export class ExemptNumberView {
  @ApiProperty() phone!: string;
  @ApiProperty() platform!: boolean;
  @ApiPropertyOptional({ nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}
