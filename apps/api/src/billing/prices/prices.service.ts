import { Injectable } from '@nestjs/common';
import {
  BILLING_KINDS,
  ChainAccount,
  PRICE_CARRIERS,
  PriceBook,
  PriceKey,
  PriceNotSetError,
  PriceRule,
} from '@tongdao/billing';
import { AccountEntity } from '@tongdao/database/entities';
import { canonicalProvince } from '@tongdao/phone';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { AccountsService } from '../../accounts/accounts.service';
import { AuditTrail } from '../../audit/audit-trail';
import { Principal } from '../../auth/principal';
import { pathIds } from '../../common/account-scope';
import { PriceListDto } from './price-list.dto';
import { PriceEntry, PriceRulesRepository } from './price-rules.repository';
import {
  AccountPricesView,
  EffectivePriceView,
  MONEY_UNIT,
  PriceEntryView,
  PriceListView,
} from './price.view';

/**
 * Prices down the tree: a parent sets a list for each child and a default list for all its children; what an
 * account pays resolves through @tongdao/billing's PriceBook (inherited from the parent where nothing is set).
 */
@Injectable()
export class PricesService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly rules: PriceRulesRepository,
    private readonly audit: AuditTrail,
  ) {}

  async effective(principal: Principal, accountId: string): Promise<AccountPricesView> {
    const account = await this.accounts.require(principal, accountId);
    const chain: ChainAccount[] = pathIds(account.path).map((id, depth) => ({ id, depth }));
    const rules = await this.rules.forChain(chain.map((member) => member.id));
    const book = new PriceBook(rules);
    const viewerIsAbove = account.id !== principal.account.id;
    const effective: EffectivePriceView[] = [];
    for (const kind of BILLING_KINDS)
      for (const carrier of PRICE_CARRIERS)
        for (const province of provincesOf(rules, kind, carrier))
          effective.push(effectivePrice(book, chain, kind, { carrier, province }, viewerIsAbove));
    const own = account.parentId ? await this.rules.list(account.parentId, account.id) : [];
    return { account_id: account.id, unit: MONEY_UNIT, effective, prices: own.map(PriceEntryView.of) };
  }

  /** The list the child's parent sets for that child; any strict ancestor of the child may set it. */
  async setForChild(principal: Principal, childId: string, dto: PriceListDto): Promise<AccountPricesView> {
    const child = await this.accounts.require(principal, childId);
    if (child.id === principal.account.id || !child.parentId)
      throw new DomainException(ErrorCode.Forbidden, 'Prices of an account are set by its parent', 'id');
    const entries = entriesOf(dto);
    const before = await this.rules.replace(child.parentId, child.id, entries);
    this.audit.record(
      'price_list',
      `${child.parentId}:${child.id}`,
      before.map(PriceEntryView.of),
      entries.map(PriceEntryView.of),
      child,
    );
    return this.effective(principal, child.id);
  }

  async defaultsFor(principal: Principal, accountId: string): Promise<PriceListView> {
    const account = await this.accounts.require(principal, accountId);
    const entries = await this.rules.list(account.id, null);
    return { account_id: account.id, unit: MONEY_UNIT, prices: entries.map(PriceEntryView.of) };
  }

  /** The default list an account sets for all its children (the account itself or an ancestor may set it). */
  async setDefaults(principal: Principal, accountId: string, dto: PriceListDto): Promise<PriceListView> {
    const account = await this.accounts.require(principal, accountId);
    assertMayHaveChildren(account);
    const entries = entriesOf(dto);
    const before = await this.rules.replace(account.id, null, entries);
    this.audit.record(
      'price_list',
      `${account.id}:*`,
      before.map(PriceEntryView.of),
      entries.map(PriceEntryView.of),
      account,
    );
    return { account_id: account.id, unit: MONEY_UNIT, prices: entries.map(PriceEntryView.of) };
  }
}

function assertMayHaveChildren(account: AccountEntity): void {
  if (account.kind === 'customer')
    throw new DomainException(ErrorCode.Forbidden, 'A customer account has no sub-accounts to price', 'id');
}

function entriesOf(dto: PriceListDto): PriceEntry[] {
  const seen = new Set<string>();
  return dto.prices.map((price, index) => {
    const province = provinceOf(price.province ?? null, price.carrier, index);
    const id = `${price.carrier}|${price.kind}|${province ?? ''}`;
    if (seen.has(id))
      throw new DomainException(
        ErrorCode.ValidationFailed,
        `${price.carrier} ${price.kind}${province ? ` ${province}` : ''} appears twice`,
        `prices[${index}]`,
      );
    seen.add(id);
    return { carrier: price.carrier, kind: price.kind, province, unitPrice: price.unit_price };
  });
}

/** Provinces in the one spelling the number data uses (广东省 and guangdong are 广东); mainland carriers only. */
function provinceOf(given: string | null, carrier: string, index: number): string | null {
  if (given === null) return null;
  const field = `prices[${index}].province`;
  if (carrier === 'INTL')
    throw new DomainException(ErrorCode.ValidationFailed, 'INTL prices cannot be set per province', field);
  const province = canonicalProvince(given);
  if (!province)
    throw new DomainException(ErrorCode.ValidationFailed, `'${given}' is not a mainland province`, field);
  return province;
}

/** Carrier-wide first, then every province any rule of the chain prices separately. */
function provincesOf(rules: readonly PriceRule[], kind: string, carrier: string): Array<string | null> {
  const provinces = new Set<string>();
  for (const rule of rules)
    if (rule.kind === kind && rule.carrier === carrier && rule.province) provinces.add(rule.province);
  return [null, ...[...provinces].sort()];
}

function effectivePrice(
  book: PriceBook,
  chain: readonly ChainAccount[],
  kind: (typeof BILLING_KINDS)[number],
  key: PriceKey,
  viewerIsAbove: boolean,
): EffectivePriceView {
  const base = { carrier: key.carrier, kind, province: key.province };
  try {
    const resolved = book.resolveChain(chain, kind, key);
    const own = resolved[resolved.length - 1]!;
    const parent = resolved.length >= 3 ? resolved[resolved.length - 2]! : null;
    const parentCost = viewerIsAbove && parent ? parent.unitPrice : null;
    return {
      ...base,
      unit_price: own.unitPrice,
      source: own.source,
      parent_cost: parentCost,
      margin: parentCost === null ? null : own.unitPrice - parentCost,
    };
  } catch (error) {
    if (!(error instanceof PriceNotSetError)) throw error;
    return { ...base, unit_price: null, source: 'missing', parent_cost: null, margin: null };
  }
}
