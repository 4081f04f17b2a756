import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditEntryRow } from './audit.repository';

export class AuditActorView {
  @ApiProperty({ format: 'uuid' }) key_id!: string;
  @ApiProperty({ example: 'td_live_ab12cd34' }) key_prefix!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
}

export class AuditChangeView {
  @ApiProperty({ example: 'account' }) entity!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ type: Object, nullable: true }) before!: unknown;
  @ApiProperty({ type: Object, nullable: true }) after!: unknown;
}

export class AuditEntryView {
  @ApiProperty() id!: string;
  @ApiProperty() occurred_at!: string;
  @ApiProperty({ type: AuditActorView }) actor!: AuditActorView;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' }) ip!: string | null;
  @ApiProperty({ example: 'PATCH' }) method!: string;
  @ApiProperty({ example: '/v1/accounts/:id' }) route!: string;
  @ApiProperty({ description: 'The URL as requested (phone numbers masked)' }) path!: string;
  @ApiProperty({ format: 'uuid', description: 'The account whose data the request was about' })
  account_id!: string;
  @ApiProperty({ type: String, nullable: true }) resource_id!: string | null;
  @ApiProperty({ description: 'HTTP status of the answer' }) status!: number;
  @ApiProperty({ type: String, nullable: true }) error_code!: string | null;
  @ApiProperty({ type: Object, nullable: true, description: 'The request body, secrets redacted' })
  request!: unknown;
  @ApiProperty({ type: [AuditChangeView] }) changes!: AuditChangeView[];

  static of(row: AuditEntryRow): AuditEntryView {
    return {
      id: String(row.id),
      occurred_at: row.occurred_at.toISOString(),
      actor: { key_id: row.actor_key_id, key_prefix: row.actor_key_prefix, account_id: row.actor_account_id },
      ip: row.ip,
      method: row.method,
      route: row.route,
      path: row.path,
      account_id: row.subject_account_id,
      resource_id: row.resource_id,
      status: row.status,
      error_code: row.error_code,
      request: row.request,
      changes: row.changes,
    };
  }
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) data!: AuditEntryView[];
  @ApiPropertyOptional({ nullable: true, type: String }) next_cursor!: string | null;
}
