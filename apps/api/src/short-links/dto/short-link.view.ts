import { ApiProperty } from '@nestjs/swagger';
import { StoredShortLink } from '@tongdao/database';

export class ShortLinkView {
  @ApiProperty({ example: '1042' }) id!: string;
  @ApiProperty({ example: 'https://t.brand.cn/3Ed5' }) short_url!: string;
  @ApiProperty({ example: 't.brand.cn' }) domain!: string;
  @ApiProperty({ example: '3Ed5' }) code!: string;
  @ApiProperty() target_url!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ nullable: true, type: String }) expires_at!: string | null;
  @ApiProperty({ nullable: true, type: Number }) click_cap!: number | null;
  @ApiProperty({ enum: ['active', 'disabled', 'expired'] }) status!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) message_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) campaign_ref!: string | null;
  @ApiProperty() created_at!: string;
  @ApiProperty() updated_at!: string;

  static of(link: StoredShortLink, shortUrl: string, now = Date.now()): ShortLinkView {
    const expired = link.expiresAt !== null && link.expiresAt.getTime() <= now;
    return {
      id: link.id,
      short_url: shortUrl,
      domain: link.host,
      code: link.code,
      target_url: link.targetUrl,
      tags: link.tags,
      expires_at: link.expiresAt?.toISOString() ?? null,
      click_cap: link.clickCap,
      status: link.disabledAt ? 'disabled' : expired ? 'expired' : 'active',
      account_id: link.accountId,
      message_id: link.messageId,
      campaign_ref: link.campaignRef,
      created_at: link.createdAt.toISOString(),
      updated_at: link.updatedAt.toISOString(),
    };
  }
}

export class ShortLinkList {
  @ApiProperty({ type: [ShortLinkView] }) data!: ShortLinkView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}
