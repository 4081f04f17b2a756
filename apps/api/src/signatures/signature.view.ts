import { ApiProperty } from '@nestjs/swagger';
import { SignatureEntity } from '@tongdao/database/entities';

export class SignatureView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ example: '通道科技' }) text!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reviewer_account_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewed_at!: string | null;
  @ApiProperty() created_at!: string;

  static of(signature: SignatureEntity): SignatureView {
    return {
      id: signature.id,
      account_id: signature.accountId,
      text: signature.text,
      status: signature.status,
      reviewer_account_id: signature.reviewerAccountId,
      reason: signature.reason,
      reviewed_at: signature.reviewedAt?.toISOString() ?? null,
      created_at: signature.createdAt.toISOString(),
    };
  }
}

export class SignatureList {
  @ApiProperty({ type: [SignatureView] }) data!: SignatureView[];
}
