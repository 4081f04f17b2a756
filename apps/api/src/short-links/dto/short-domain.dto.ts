import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { StoredShortDomain } from '@tongdao/database';

export class CreateShortDomainDto {
  @ApiProperty({ example: 't.brand.cn', description: 'Host name, lower case, no scheme or port' })
  @IsString()
  @Length(3, 253)
  host!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Register for this descendant instead of the caller' })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}

export class ListShortDomainsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected', 'disabled'] })
  @IsOptional()
  @Matches(/^(pending|approved|rejected|disabled)$/)
  status?: 'pending' | 'approved' | 'rejected' | 'disabled';
}

export class ShortDomainView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for a platform domain' })
  account_id!: string | null;
  @ApiProperty({ example: 't.brand.cn' }) host!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'disabled'] }) status!: string;
  @ApiProperty() is_default!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) decided_at!: string | null;
  @ApiProperty() created_at!: string;

  static of(domain: StoredShortDomain): ShortDomainView {
    return {
      id: domain.id,
      account_id: domain.accountId,
      host: domain.host,
      status: domain.status,
      is_default: domain.isDefault,
      reason: domain.reason,
      decided_at: domain.decidedAt?.toISOString() ?? null,
      created_at: domain.createdAt.toISOString(),
    };
  }
}

export class ShortDomainList {
  @ApiProperty({ type: [ShortDomainView] }) data!: ShortDomainView[];
}
