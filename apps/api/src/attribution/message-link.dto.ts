import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The `link` field of a send: one tracked short link per recipient, rendered where the text says `${link}`. */
export class MessageLinkDto {
  @ApiProperty({ example: 'https://shop.example.cn/sale', description: 'http(s) URL the link redirects to' })
  target!: string;

  @ApiPropertyOptional({
    example: 't.brand.cn',
    description:
      'Approved short domain of the account (or an ancestor, or the platform). Default: the account’s own approved domain, else the platform default.',
  })
  domain?: string;

  @ApiPropertyOptional({
    example: 'double11-2026',
    description: 'Campaign reference: utm_campaign and analytics',
  })
  campaign_ref?: string;

  @ApiPropertyOptional({ example: 'variant-b', description: 'utm_content (default: the template id)' })
  utm_content?: string;

  @ApiPropertyOptional({ example: { src: 'crm' }, description: 'Extra query parameters added to the target' })
  params?: Record<string, string>;

  @ApiPropertyOptional({ default: false, description: 'Render `https://host/code` instead of `host/code`' })
  include_scheme?: boolean;
}
