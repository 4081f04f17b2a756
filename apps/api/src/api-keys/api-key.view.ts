import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiKeyEntity } from '@tongdao/database/entities';

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'td_live_ab12cd34', description: 'The visible start of the key' }) prefix!: string;
  @ApiProperty({ isArray: true, type: String }) scopes!: string[];
  @ApiProperty() require_signature!: boolean;
  @ApiProperty({ nullable: true, type: String }) last_used_at!: string | null;
  @ApiProperty({ nullable: true, type: String }) revoked_at!: string | null;
  @ApiProperty() created_at!: string;

  static of(key: ApiKeyEntity): ApiKeyView {
    return {
      id: key.id,
      account_id: key.accountId,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      require_signature: key.requireSignature,
      last_used_at: key.lastUsedAt?.toISOString() ?? null,
      revoked_at: key.revokedAt?.toISOString() ?? null,
      created_at: key.createdAt.toISOString(),
    };
  }
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The full key. Shown only in this response; store it now.' }) key!: string;
  @ApiPropertyOptional({ description: 'HMAC secret for request signing. Shown only in this response.' })
  signing_secret!: string;
}

export class ApiKeyList {
  @ApiProperty({ type: [ApiKeyView] }) data!: ApiKeyView[];
}
