import { ApiProperty } from '@nestjs/swagger';
import { TemplateEntity } from '@tongdao/database/entities';

export class TemplateView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['verification', 'notification', 'marketing'] }) kind!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [String], example: ['code', 'minutes'] }) variables!: string[];
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'Declared variable types (issue 9a); null = all text',
  })
  variable_types!: Record<string, unknown> | null;
  @ApiProperty({ enum: ['submitted', 'approved', 'rejected'] }) status!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reviewer_account_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewed_at!: string | null;
  @ApiProperty() created_at!: string;

  static of(template: TemplateEntity): TemplateView {
    return {
      id: template.id,
      account_id: template.accountId,
      name: template.name,
      kind: template.kind,
      body: template.body,
      variables: template.variables,
      variable_types: template.variableTypes ?? null,
      status: template.status,
      reviewer_account_id: template.reviewerAccountId,
      reason: template.reason,
      reviewed_at: template.reviewedAt?.toISOString() ?? null,
      created_at: template.createdAt.toISOString(),
    };
  }
}

export class TemplateList {
  @ApiProperty({ type: [TemplateView] }) data!: TemplateView[];
}
