import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ReportEventView } from '@tongdao/webhooks';

/** One status change, exactly as report webhooks carry it. */
export class ReportEventDto implements ReportEventView {
  @ApiProperty({ description: 'Unique per event; also a cursor for GET /v1/reports' }) event_id!: string;
  @ApiProperty({ enum: ['report'] }) type!: 'report';
  @ApiProperty({ format: 'uuid' }) message_id!: string;
  @ApiPropertyOptional({ nullable: true, description: 'Your client_ref (Aliyun out_id)' }) client_ref!:
    string | null;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiPropertyOptional({ nullable: true }) batch_id!: string | null;
  @ApiProperty({ example: '+8613800138000' }) phone_number!: string;
  @ApiProperty({ example: 'DELIVERED' }) status!: string;
  @ApiPropertyOptional({
    nullable: true,
    description: 'true delivered, false failed for good, null on the way',
  })
  success!: boolean | null;
  @ApiPropertyOptional({ nullable: true, example: 'DELIVRD' }) carrier_stat!: string | null;
  @ApiPropertyOptional({ nullable: true, example: 'MK:0001' }) err_code!: string | null;
  @ApiPropertyOptional({ nullable: true }) err_msg!: string | null;
  @ApiProperty({ description: 'Billed segments (Aliyun sms_size)' }) segments!: number;
  @ApiPropertyOptional({ nullable: true, example: 'CMCC' }) carrier!: string | null;
  @ApiProperty({ format: 'date-time' }) occurred_at!: string;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) send_time!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) report_time!: string | null;
}

export class ReportPage {
  @ApiProperty({ type: [ReportEventDto] }) data!: ReportEventDto[];
  @ApiProperty({ description: 'Pass as cursor next time; unchanged when nothing new arrived' })
  next_cursor!: string;
  @ApiProperty({ description: 'More events are ready now' }) has_more!: boolean;
}
