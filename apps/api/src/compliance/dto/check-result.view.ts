import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CheckErrorView {
  @ApiProperty({ example: 'SENSITIVE_WORD' }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ example: 'content' }) field!: string;
}

export class CheckHoldView {
  @ApiProperty({ enum: ['quiet_hours', 'review'] }) reason!: string;
  @ApiProperty({ nullable: true, type: String }) release_at!: string | null;
  @ApiProperty() detail!: string;
}

export class CheckVerdictView {
  @ApiProperty() index!: number;
  @ApiProperty({ enum: ['pass', 'hold', 'reject'] }) verdict!: 'pass' | 'hold' | 'reject';
  @ApiPropertyOptional({
    description: 'The rule that refused or held it (`input` for a bad phone or parameter)',
  })
  rule?: string;
  @ApiPropertyOptional({ example: '+8613800138000' }) phone?: string;
  @ApiPropertyOptional({ description: 'The final text as it would be sent (unsubscribe text included)' })
  content?: string;
  @ApiPropertyOptional() segments?: number;
  @ApiPropertyOptional({ enum: ['GSM7', 'UCS2'] }) encoding?: string;
  @ApiPropertyOptional({ type: CheckHoldView }) hold?: CheckHoldView;
  @ApiPropertyOptional({ type: CheckErrorView }) error?: CheckErrorView;
}

export class CheckResultView {
  @ApiProperty({ enum: ['verification', 'notification', 'marketing'] }) kind!: string;
  @ApiProperty() recipients!: number;
  @ApiProperty() passed!: number;
  @ApiProperty() held!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ description: 'Segments of the messages that would be stored (passed and held)' })
  segments!: number;
  @ApiProperty({ type: [CheckVerdictView] }) results!: CheckVerdictView[];
}
