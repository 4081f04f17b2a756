import { ApiProperty } from '@nestjs/swagger';

export class LimitsView {
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) time_zone!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Segments per second for the subtree' })
  tps_limit!: number | null;
  @ApiProperty({ type: Number, nullable: true }) daily_quota!: number | null;
  @ApiProperty({ description: 'Segments accepted today for the account and its sub-accounts' })
  used_today!: number;
  @ApiProperty({ type: Number, nullable: true }) monthly_quota!: number | null;
  @ApiProperty({ description: 'Segments accepted this month for the account and its sub-accounts' })
  used_this_month!: number;
}
