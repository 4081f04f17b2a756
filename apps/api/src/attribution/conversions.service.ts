import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { parseConversionValue } from '@tongdao/attribution';
import {
  AttributionStore,
  ConversionRollup,
  ConversionStore,
  StoredConversion,
  TrackedLink,
  untrackedLink,
} from '@tongdao/attribution-store';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { Principal } from '../auth/principal';
import { accountTreeIds } from '../common/account-tree';
import { ConversionDto } from './conversion.dto';

/** What a conversion is attributed to: the link, and the click when the postback named one. */
interface Attribution {
  link: TrackedLink;
  clickId: string | null;
}

/**
 * Conversion postbacks (`POST /v1/conversions`): attributes the event to a click, link or message of the caller's
 * tree, stores it and counts it in the same transaction. With an idempotency key a retry answers the stored
 * conversion and counts nothing; a different conversion under a used key is refused.
 */
@Injectable()
export class ConversionsService {
  private readonly conversions = new ConversionStore();
  private readonly store = new AttributionStore();
  private readonly rollup = new ConversionRollup(this.store);

  constructor(private readonly dataSource: DataSource) {}

  async record(
    principal: Principal,
    dto: ConversionDto,
  ): Promise<{ conversion: StoredConversion; replayed: boolean }> {
    const value = parseConversionValue(dto.value, dto.value_minor);
    if (!value.ok)
      throw new DomainException(
        ErrorCode.ValidationFailed,
        value.message,
        dto.value_minor !== undefined ? 'value_minor' : 'value',
      );
    const given = [dto.click_id, dto.link_code, dto.message_id].filter((field) => field !== undefined);
    if (given.length !== 1)
      throw new DomainException(
        ErrorCode.ValidationFailed,
        'give exactly one of click_id, link_code or message_id',
        'click_id',
      );
    const occurredAt = dto.occurred_at ? new Date(dto.occurred_at) : new Date();
    return this.dataSource.transaction(async (tx) => {
      const accounts = await accountTreeIds(tx, principal.account);
      const { link, clickId } = await this.attribute(tx, accounts, dto);
      const candidate = {
        accountId: link.accountId,
        idempotencyKey: dto.idempotency_key ?? null,
        event: dto.event,
        valueMinor: value.minor,
        currency: dto.currency ?? 'CNY',
        clickId,
        linkId: link.linkId,
        messageId: link.messageId,
        recipientId: link.recipientId,
        batchId: link.batchId,
        campaignRef: link.campaignRef,
        occurredAt,
      };
      const stored = await this.conversions.insert(tx, candidate);
      if (stored) {
        await this.rollup.record(tx, link, stored);
        return { conversion: stored, replayed: false };
      }
      const earlier = await this.conversions.findByKey(tx, link.accountId, candidate.idempotencyKey!);
      if (
        !earlier ||
        earlier.event !== candidate.event ||
        earlier.linkId !== candidate.linkId ||
        earlier.valueMinor !== candidate.valueMinor
      )
        throw new DomainException(
          ErrorCode.IdempotencyKeyReused,
          'idempotency_key was used for a different conversion',
          'idempotency_key',
        );
      return { conversion: earlier, replayed: true };
    });
  }

  private async attribute(tx: EntityManager, accounts: string[], dto: ConversionDto): Promise<Attribution> {
    if (dto.click_id !== undefined) {
      const click = await this.conversions.linkOfClick(tx, accounts, dto.click_id);
      if (!click) throw new DomainException(ErrorCode.ConversionClickUnknown, 'No such click', 'click_id');
      return { link: await this.linkAttribution(tx, click.linkId, click.accountId), clickId: dto.click_id };
    }
    if (dto.link_code !== undefined) {
      const links = await this.conversions.linksWithCode(
        tx,
        accounts,
        dto.link_code,
        dto.domain?.toLowerCase() ?? null,
      );
      if (links.length === 0)
        throw new DomainException(ErrorCode.ConversionLinkUnknown, 'No such link', 'link_code');
      if (links.length > 1)
        throw new DomainException(
          ErrorCode.ConversionLinkAmbiguous,
          'This code exists on several domains: give domain',
          'domain',
        );
      return { link: await this.linkAttribution(tx, links[0]!.linkId, links[0]!.accountId), clickId: null };
    }
    const byMessage = (await this.store.byMessageIds(tx, [dto.message_id!.toLowerCase()])).get(
      dto.message_id!.toLowerCase(),
    );
    if (!byMessage || !accounts.includes(byMessage.accountId))
      throw new DomainException(
        ErrorCode.ConversionMessageUnknown,
        'No message with a link has this id',
        'message_id',
      );
    return { link: byMessage, clickId: null };
  }

  private async linkAttribution(tx: EntityManager, linkId: string, accountId: string): Promise<TrackedLink> {
    return (await this.store.byLinkIds(tx, [linkId])).get(linkId) ?? untrackedLink(accountId, linkId);
  }
}
