import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RecipientErrorView {
  @ApiProperty({ example: 'INVALID_PHONE' }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ example: 'recipients[3].phone' }) field!: string;
  @ApiPropertyOptional({
    example: 'PHONE_INVALID_PREFIX',
    description: 'The precise cause within code (INVALID_PHONE: PHONE_REQUIRED, PHONE_INVALID_CHARACTERS, …)',
  })
  reason?: string;
}

export class RecipientHoldView {
  @ApiProperty({ enum: ['quiet_hours', 'review'] }) reason!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When it goes out; null while it waits for review',
  })
  release_at!: string | null;
  @ApiProperty() detail!: string;
}

export class RecipientResultView {
  @ApiProperty({ description: 'Position in the request’s recipients array' }) index!: number;
  @ApiProperty({ enum: ['accepted', 'rejected'] }) result!: 'accepted' | 'rejected';
  @ApiPropertyOptional({ description: 'E.164 when accepted; as sent when rejected' }) phone?: unknown;
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional() segments?: number;
  @ApiPropertyOptional({ enum: ['GSM7', 'UCS2'] }) encoding?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) client_ref?: string | null;
  @ApiPropertyOptional({ type: RecipientErrorView }) error?: RecipientErrorView;
  /** Issue 9a: present when compliance stored the message HELD. */
  @ApiPropertyOptional({ enum: ['HELD'] }) status?: 'HELD';
  @ApiPropertyOptional({ type: RecipientHoldView }) hold?: RecipientHoldView;
}

export class BatchResultView {
  @ApiProperty({ format: 'uuid' }) batch_id!: string;
  @ApiProperty({ enum: ['QUEUED', 'SCHEDULED'] }) status!: string;
  @ApiProperty() accepted!: number;
  @ApiPropertyOptional({ description: 'Of the accepted, how many compliance stored HELD' }) held?: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ description: 'Segments of all accepted messages (what is billed)' }) segments!: number;
  @ApiProperty({ type: [RecipientResultView] }) results!: RecipientResultView[];
}
