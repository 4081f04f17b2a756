import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  buildTrackedTarget,
  LINK_VARIABLE,
  RecipientPseudonymizer,
  splitAtLinkPlaceholder,
} from '@tongdao/attribution';
import { AttributionStore } from '@tongdao/attribution-store';
import { AppConfig } from '@tongdao/config';
import { NewShortLink, ShortLinkRepository } from '@tongdao/database';
import { APP_CONFIG, DomainException, ErrorCode } from '@tongdao/platform';
import { checkTargetUrl, ShortCodeGenerator } from '@tongdao/short-links';
import { pathIds } from '../common/account-scope';
import { MessageBody } from '../messages/message-composer';
import { NewMessageBatch } from '../messages/new-message-batch';
import { RecipientInput } from '../messages/recipient-input';
import { SendContext } from '../messages/send-context';
import { LinkDomainRepository } from './link-domain.repository';
import { parseMessageLink } from './message-link-request';
import { RecipientLinkPlan } from './recipient-link-plan';

/** A code collides about never; a few redraws cover a crowded domain. */
const MAX_REDRAWS = 8;

/**
 * Per-recipient short links in messages (issue 8b). `prepare` checks a send's `link` field and arranges for
 * `${link}` to be filled per recipient; `mint` stores each message's link, and the message ↔ link row, inside the
 * acceptance transaction, so the links are as durable as the messages when the API answers. A retried request
 * with the same idempotency key replays the stored answer (no new messages, no new links), and the dispatcher sends
 * the stored text, so a failover or resend carries the same link.
 */
@Injectable()
export class RecipientLinks {
  private readonly links: ShortLinkRepository;
  private readonly store = new AttributionStore();
  private readonly pseudonyms: RecipientPseudonymizer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly domains: LinkDomainRepository,
  ) {
    this.links = new ShortLinkRepository(new ShortCodeGenerator(config.attribution.messageCodeLength));
    this.pseudonyms = new RecipientPseudonymizer(config.attribution.recipientSecret);
  }

  /** The context unchanged without a `link` field; else with the link plan and `${link}` as a variable. */
  async prepare(context: SendContext, dto: { link?: unknown }): Promise<SendContext> {
    if (dto.link === undefined || dto.link === null) return context;
    const request = parseMessageLink(dto.link, this.config.attribution.clickIdParam);
    const body = withLinkVariable(context.body);
    const domain = await this.domains.usableFor(pathIds(context.sender.path), request.domain);
    if (!domain) {
      throw new DomainException(
        ErrorCode.ShortDomainNotUsable,
        request.domain
          ? `${request.domain} is not an approved short domain of this account`
          : 'no approved short domain and no platform default',
        request.domain ? 'link.domain' : 'link',
      );
    }
    const codes = new ShortCodeGenerator(this.config.attribution.messageCodeLength);
    return { ...context, body, links: new RecipientLinkPlan(request, domain, codes) };
  }

  attach(context: SendContext, recipient: RecipientInput): RecipientInput {
    return context.links ? context.links.attach(recipient) : recipient;
  }

  async mint(manager: EntityManager, batch: NewMessageBatch): Promise<void> {
    const plan = batch.links;
    if (!plan || batch.messages.length === 0) return;
    const target = this.trackedTarget(plan, batch);
    const rows: NewShortLink[] = batch.messages.map((message, index) => ({
      domainId: plan.domain.id,
      accountId: batch.accountId,
      targetUrl: target,
      code: plan.codeOf(message),
      messageId: batch.ids[index]!,
      batchId: batch.batchId,
      campaignRef: plan.request.campaignRef,
      recipientId: this.pseudonyms.idOf(message.phone),
    }));
    const linkIds = await this.insertLinks(manager, batch, plan, rows);
    await this.store.insertMessageLinks(
      manager,
      rows.map((row, index) => ({
        messageId: row.messageId!,
        linkId: linkIds[index]!,
        accountId: batch.accountId,
        batchId: batch.batchId,
        campaignRef: plan.request.campaignRef,
        recipientId: row.recipientId!,
        carrier: batch.messages[index]!.carrier,
        province: batch.messages[index]!.province,
        createdAt: batch.createdAt,
      })),
    );
  }

  /** Inserts the links; a code already taken on the domain is redrawn and the message's text updated. */
  private async insertLinks(
    manager: EntityManager,
    batch: NewMessageBatch,
    plan: RecipientLinkPlan,
    rows: NewShortLink[],
  ): Promise<string[]> {
    const ids = new Array<string>(rows.length);
    let pending = rows.map((_, index) => index);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round > MAX_REDRAWS) throw new Error('no free short code for a message link');
      const results = await this.links.insertMany(
        manager,
        pending.map((index) => rows[index]!),
      );
      const retry: number[] = [];
      results.forEach((result, position) => {
        const index = pending[position]!;
        if (result) ids[index] = result.id;
        else {
          rows[index] = { ...rows[index]!, code: plan.redraw(batch.messages[index]!) };
          retry.push(index);
        }
      });
      pending = retry;
    }
    return ids;
  }

  private trackedTarget(plan: RecipientLinkPlan, batch: NewMessageBatch): string {
    const target = buildTrackedTarget(plan.request.target, {
      kind: batch.kind,
      campaign: plan.request.campaignRef ?? batch.batchId,
      content: plan.request.utmContent ?? batch.templateId,
      extra: plan.request.params,
    });
    const checked = checkTargetUrl(target);
    if (!checked.ok)
      throw new DomainException(
        checked.problem as ErrorCode,
        `target with tracking ${checked.message}`,
        'link.target',
      );
    return target;
  }
}

/** Templates must already name `${link}`; free text gets it as its only variable. */
function withLinkVariable(body: MessageBody): MessageBody {
  if (body.kind === 'template') {
    if (!body.template.variables.includes(LINK_VARIABLE))
      throw new DomainException(
        ErrorCode.LinkPlaceholderMissing,
        'the template has no ${link} placeholder',
        'link',
      );
    return body;
  }
  const parts = splitAtLinkPlaceholder(body.content);
  if (!parts)
    throw new DomainException(
      ErrorCode.LinkPlaceholderMissing,
      'content has no ${link} placeholder',
      'content',
    );
  return { kind: 'template', template: { parts, variables: [LINK_VARIABLE] } };
}
