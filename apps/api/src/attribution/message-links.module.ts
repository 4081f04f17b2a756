import { Module } from '@nestjs/common';
import { LinkDomainRepository } from './link-domain.repository';
import { RecipientLinks } from './recipient-links';

/** Per-recipient short links minted at acceptance; imported by the messages module. */
@Module({ providers: [LinkDomainRepository, RecipientLinks], exports: [RecipientLinks] })
export class MessageLinksModule {}
