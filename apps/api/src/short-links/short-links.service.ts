import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import {
  NewShortLink,
  ShortDomainRepository,
  ShortLinkRepository,
  StoredShortDomain,
  StoredShortLink,
} from '@tongdao/database';
import { APP_CONFIG, DomainException, ErrorCode, validationException } from '@tongdao/platform';
import { LinkCacheBus } from '@tongdao/short-links';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { AuditTrail } from '../audit/audit-trail';
import { Principal } from '../auth/principal';
import { AccountScope, pathIds } from '../common/account-scope';
import { CreateShortLinkDto, UpdateShortLinkDto } from './dto/short-link.dto';
import { ShortLinkList, ShortLinkView } from './dto/short-link.view';
import { codeOrThrow, expiryOrThrow, LinkInput, targetUrlOrThrow, toLinkInput } from './link-input';
import { decodeLinkCursor, encodeLinkCursor } from './short-link-cursor';
import { LINK_CACHE_BUS } from './short-links.tokens';

/** Links inserted per transaction in a bulk call. */
const BULK_CHUNK = 2000;

/** One item of a bulk upload: a parsed line, or why the line could not be parsed. */
export type BulkItem = { line: number; value: unknown } | { line: number; error: DomainException };

export type BulkResultLine =
  | { line: number; status: 'created'; id: string; code: string; short_url: string }
  | { line: number; status: 'rejected'; error: { code: string; message: string; field?: string } };

export interface BulkSummary {
  received: number;
  created: number;
  rejected: number;
  /** The upload had more than SHORT_LINK_BULK_MAX items; the rest was not read. */
  truncated: boolean;
}

@Injectable()
export class ShortLinksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly links: ShortLinkRepository,
    private readonly domains: ShortDomainRepository,
    private readonly acting: ActingAccountResolver,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LINK_CACHE_BUS) private readonly bus: LinkCacheBus,
  ) {}

  async create(principal: Principal, dto: CreateShortLinkDto): Promise<ShortLinkView> {
    const owner = await this.acting.resolve(principal, dto.account_id);
    const input = toLinkInput(dto);
    const domain = await this.usableDomain(owner, input.domain, 'domain');
    const [inserted] = await this.links.insertMany(this.dataSource, [this.newLink(owner, domain, input)]);
    if (!inserted)
      throw new DomainException(
        ErrorCode.ShortCodeTaken,
        `Code ${input.code} is already used on ${domain.host}`,
        'code',
      );
    // A custom code may have been probed (and its miss cached) before it existed.
    if (input.code !== undefined) await this.bus.linkChanged(domain.host, inserted.code);
    const view = await this.get(principal, inserted.id);
    this.audit.record('short_link', inserted.id, null, view, owner);
    return view;
  }

  /**
   * Creates links from a stream of items, `BULK_CHUNK` per transaction, and reports each item as it is settled
   * (in input order). Bad items are rejected one by one; good ones are stored even when others fail.
   */
  async createMany(
    principal: Principal,
    options: { accountId?: string; domain?: string },
    items: AsyncIterable<BulkItem>,
    emit: (line: BulkResultLine) => Promise<void>,
  ): Promise<BulkSummary> {
    const owner = await this.acting.resolve(principal, options.accountId);
    const defaultDomain = await this.usableDomain(owner, options.domain?.toLowerCase(), 'domain');
    const domainCache = new Map<string, StoredShortDomain | null>([[defaultDomain.host, defaultDomain]]);
    const summary: BulkSummary = { received: 0, created: 0, rejected: 0, truncated: false };
    let chunk: Array<{ line: number; link?: NewShortLink; host?: string; error?: DomainException }> = [];

    const flush = async () => {
      const valid = chunk.filter((entry) => entry.link !== undefined);
      const inserted =
        valid.length > 0
          ? await this.links.insertMany(
              this.dataSource,
              valid.map((e) => e.link!),
            )
          : [];
      const insertedByLine = new Map(valid.map((entry, index) => [entry.line, inserted[index] ?? null]));
      for (const entry of chunk) {
        if (entry.error) {
          summary.rejected += 1;
          await emit(rejected(entry.line, entry.error));
          continue;
        }
        const link = insertedByLine.get(entry.line);
        if (!link) {
          summary.rejected += 1;
          await emit(
            rejected(
              entry.line,
              new DomainException(
                ErrorCode.ShortCodeTaken,
                `Code ${entry.link!.code} is already used`,
                'code',
              ),
            ),
          );
          continue;
        }
        summary.created += 1;
        await emit({
          line: entry.line,
          status: 'created',
          id: link.id,
          code: link.code,
          short_url: this.shortUrl(entry.host!, link.code),
        });
      }
      chunk = [];
    };

    for await (const item of items) {
      if (summary.received >= this.config.shortLinks.bulkMax) {
        summary.truncated = true;
        chunk.push({
          line: item.line,
          error: new DomainException(
            ErrorCode.LinkBulkTooLarge,
            `At most ${this.config.shortLinks.bulkMax} links per request; the rest was not read`,
            'body',
          ),
        });
        break;
      }
      summary.received += 1;
      chunk.push(await this.bulkEntry(owner, item, defaultDomain, domainCache));
      if (chunk.length >= BULK_CHUNK) await flush();
    }
    await flush();
    return summary;
  }

  async list(
    principal: Principal,
    query: { accountId?: string; tag?: string; cursor?: string; limit?: string; includeDisabled?: string },
  ): Promise<ShortLinkList> {
    const owner = await this.acting.resolve(principal, query.accountId);
    const limit = Math.min(Math.max(Number(query.limit ?? 100), 1), 1000);
    const links = await this.links.listForAccount(this.dataSource, owner.id, {
      tag: query.tag,
      afterId: query.cursor === undefined ? undefined : decodeLinkCursor(query.cursor),
      limit,
      includeDisabled: query.includeDisabled === 'true',
    });
    const last = links[links.length - 1];
    return {
      data: links.map((link) => this.view(link)),
      next_cursor: links.length === limit && last ? encodeLinkCursor(last.id) : null,
    };
  }

  async get(principal: Principal, id: string): Promise<ShortLinkView> {
    return this.view(await this.require(principal, id));
  }

  async update(principal: Principal, id: string, dto: UpdateShortLinkDto): Promise<ShortLinkView> {
    const link = await this.require(principal, id);
    const changes = {
      targetUrl: dto.target_url === undefined ? undefined : targetUrlOrThrow(dto.target_url),
      tags: dto.tags === undefined ? undefined : [...new Set(dto.tags)],
      expiresAt: dto.expires_at === undefined ? undefined : expiryOrThrow(dto.expires_at),
      clickCap: dto.click_cap,
    };
    await this.links.update(this.dataSource, link.accountId, id, changes);
    if (dto.disabled !== undefined)
      await this.links.setDisabled(this.dataSource, link.accountId, id, dto.disabled);
    await this.bus.linkChanged(link.host, link.code);
    const after = await this.get(principal, id);
    this.audit.record('short_link', id, this.view(link), after);
    return after;
  }

  async setDisabled(principal: Principal, id: string, disabled: boolean): Promise<ShortLinkView> {
    return this.update(principal, id, { disabled });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const link = await this.require(principal, id);
    await this.links.softDelete(this.dataSource, link.accountId, id);
    await this.bus.linkChanged(link.host, link.code);
    this.audit.record('short_link', id, this.view(link), null);
  }

  private async bulkEntry(
    owner: AccountScope,
    item: BulkItem,
    defaultDomain: StoredShortDomain,
    domainCache: Map<string, StoredShortDomain | null>,
  ): Promise<{ line: number; link?: NewShortLink; host?: string; error?: DomainException }> {
    if ('error' in item) return { line: item.line, error: item.error };
    try {
      const dto = plainToInstance(CreateShortLinkDto, item.value);
      if (typeof item.value !== 'object' || item.value === null || Array.isArray(item.value))
        throw new DomainException(ErrorCode.ValidationFailed, 'Each line must be a JSON object', 'body');
      const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0) throw validationException(errors);
      if (dto.account_id !== undefined)
        throw new DomainException(
          ErrorCode.UnknownField,
          'account_id is set once, in the query',
          'account_id',
        );
      const input = toLinkInput(dto);
      let domain = defaultDomain;
      if (input.domain !== undefined && input.domain !== defaultDomain.host) {
        if (!domainCache.has(input.domain))
          domainCache.set(
            input.domain,
            await this.domains.findUsable(this.dataSource, pathIds(owner.path), input.domain),
          );
        const found = domainCache.get(input.domain);
        if (!found) throw notUsable(input.domain, 'domain');
        domain = found;
      }
      if (input.code !== undefined) codeOrThrow(input.code);
      return { line: item.line, link: this.newLink(owner, domain, input), host: domain.host };
    } catch (error) {
      if (error instanceof DomainException) return { line: item.line, error };
      throw error;
    }
  }

  private newLink(owner: AccountScope, domain: StoredShortDomain, input: LinkInput): NewShortLink {
    return {
      domainId: domain.id,
      accountId: owner.id,
      targetUrl: input.targetUrl,
      code: input.code,
      tags: input.tags,
      expiresAt: input.expiresAt,
      clickCap: input.clickCap,
    };
  }

  private async usableDomain(
    owner: AccountScope,
    host: string | undefined,
    field: string,
  ): Promise<StoredShortDomain> {
    const domain = await this.domains.findUsable(this.dataSource, pathIds(owner.path), host);
    if (!domain) throw notUsable(host, field);
    return domain;
  }

  private async require(principal: Principal, id: string): Promise<StoredShortLink> {
    const link = await this.links.findInScope(this.dataSource, principal.account.path, id);
    if (!link) throw new DomainException(ErrorCode.NotFound, 'Link not found', 'id');
    return link;
  }

  private view(link: StoredShortLink): ShortLinkView {
    return ShortLinkView.of(link, this.shortUrl(link.host, link.code));
  }

  shortUrl(host: string, code: string): string {
    const { scheme, publicPort } = this.config.shortLinks;
    const port =
      publicPort === null || (scheme === 'https' ? publicPort === 443 : publicPort === 80)
        ? ''
        : `:${publicPort}`;
    return `${scheme}://${host}${port}/${code}`;
  }
}

function notUsable(host: string | undefined, field: string): DomainException {
  return new DomainException(
    ErrorCode.ShortDomainNotUsable,
    host === undefined
      ? 'No default short domain is configured'
      : `${host} is not an approved short domain of this account, an ancestor or the platform`,
    field,
  );
}

function rejected(line: number, error: DomainException): BulkResultLine {
  return {
    line,
    status: 'rejected',
    error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
  };
}
