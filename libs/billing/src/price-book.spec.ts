import { priceBatch } from './batch-pricing';
import { ChainAccount, PriceBook, PriceNotSetError, PriceRule } from './price-book';
import { PriceKey } from './price-key';

const operator: ChainAccount = { id: 'op', depth: 0 };
const agent: ChainAccount = { id: 'agent', depth: 1 };
const subAgent: ChainAccount = { id: 'sub', depth: 2 };
const shop: ChainAccount = { id: 'shop', depth: 3 };
const chain = [operator, agent, subAgent, shop];

const cmcc: PriceKey = { carrier: 'CMCC', province: null };
const cmccGuangdong: PriceKey = { carrier: 'CMCC', province: '广东' };

function rule(
  owner: string,
  target: string | null,
  unitPrice: number,
  extra: Partial<PriceRule> = {},
): PriceRule {
  return {
    ownerAccountId: owner,
    targetAccountId: target,
    carrier: 'CMCC',
    kind: 'notification',
    province: null,
    unitPrice,
    ...extra,
  };
}

function prices(book: PriceBook, key: PriceKey = cmcc, kind: 'notification' | 'marketing' = 'notification') {
  return book.resolveChain(chain, kind, key).map((price) => [price.accountId, price.unitPrice, price.source]);
}

describe('PriceBook: prices down the tree', () => {
  it('resolves every level of a four-level tree from explicit child prices', () => {
    const book = new PriceBook([
      rule('op', 'agent', 300),
      rule('agent', 'sub', 350),
      rule('sub', 'shop', 420),
    ]);
    expect(prices(book)).toEqual([
      ['op', 0, 'operator'],
      ['agent', 300, 'account'],
      ['sub', 350, 'account'],
      ['shop', 420, 'account'],
    ]);
  });

  it('inherits the parent’s own price where a level sets nothing, over several levels', () => {
    const book = new PriceBook([rule('op', 'agent', 300)]);
    expect(prices(book)).toEqual([
      ['op', 0, 'operator'],
      ['agent', 300, 'account'],
      ['sub', 300, 'inherited'],
      ['shop', 300, 'inherited'],
    ]);
  });

  it('inherits from the nearest level that set a price', () => {
    const book = new PriceBook([rule('op', 'agent', 300), rule('agent', 'sub', 380)]);
    expect(prices(book).map(([, price, source]) => `${price}:${source}`)).toEqual([
      '0:operator',
      '300:account',
      '380:account',
      '380:inherited',
    ]);
  });

  it('applies a price set for all children to every child without its own', () => {
    const book = new PriceBook([rule('op', null, 310), rule('agent', null, 360), rule('sub', 'shop', 500)]);
    expect(prices(book).map(([, price, source]) => `${price}:${source}`)).toEqual([
      '0:operator',
      '310:all_children',
      '360:all_children',
      '500:account',
    ]);
  });

  it('lets a child-specific price win over an all-children price', () => {
    const book = new PriceBook([rule('op', null, 310), rule('op', 'agent', 290)]);
    expect(prices(book)[1]).toEqual(['agent', 290, 'account']);
  });

  it('uses a province price where one is set and the carrier-wide price elsewhere', () => {
    const book = new PriceBook([
      rule('op', 'agent', 300),
      rule('op', 'agent', 260, { province: '广东' }),
      rule('agent', 'sub', 350),
    ]);
    expect(prices(book, cmccGuangdong)).toEqual([
      ['op', 0, 'operator'],
      ['agent', 260, 'account_province'],
      ['sub', 350, 'account'],
      ['shop', 350, 'inherited'],
    ]);
    expect(prices(book, { carrier: 'CMCC', province: '浙江' })[1]).toEqual(['agent', 300, 'account']);
    expect(prices(book, cmcc)[1]).toEqual(['agent', 300, 'account']);
  });

  it('ranks child province > child > all-children province > all-children', () => {
    const all = rule('op', null, 400);
    const allProvince = rule('op', null, 390, { province: '广东' });
    const child = rule('op', 'agent', 380);
    const childProvince = rule('op', 'agent', 370, { province: '广东' });
    const at = (rules: PriceRule[]) => prices(new PriceBook(rules), cmccGuangdong)[1]![1];
    expect(at([all])).toBe(400);
    expect(at([all, allProvince])).toBe(390);
    expect(at([all, allProvince, child])).toBe(380);
    expect(at([all, allProvince, child, childProvince])).toBe(370);
  });

  it('inherits a province price as well', () => {
    const book = new PriceBook([rule('op', 'agent', 300), rule('op', 'agent', 250, { province: '广东' })]);
    expect(prices(book, cmccGuangdong).slice(2)).toEqual([
      ['sub', 250, 'inherited'],
      ['shop', 250, 'inherited'],
    ]);
  });

  it('keeps kinds and carriers apart', () => {
    const book = new PriceBook([
      rule('op', 'agent', 300),
      rule('op', 'agent', 450, { kind: 'marketing' }),
      rule('op', 'agent', 320, { carrier: 'CUCC' }),
    ]);
    expect(prices(book, cmcc, 'marketing')[1]![1]).toBe(450);
    expect(prices(book, { carrier: 'CUCC', province: null })[1]![1]).toBe(320);
    expect(() => prices(book, { carrier: 'CTCC', province: null })).toThrow(PriceNotSetError);
  });

  it('reports a missing price with the operator’s child that lacks it', () => {
    const book = new PriceBook([rule('agent', 'sub', 350)]);
    let error: unknown;
    try {
      prices(book, cmccGuangdong);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PriceNotSetError);
    expect(error).toMatchObject({ accountId: 'agent', kind: 'notification', key: cmccGuangdong });
    expect((error as Error).message).toBe(
      'No price is set for CMCC notification messages (广东) for account agent',
    );
  });

  it('does not let a price set by another owner leak into the chain', () => {
    const book = new PriceBook([
      rule('op', 'agent', 300),
      rule('elsewhere', 'sub', 1),
      rule('elsewhere', null, 2),
    ]);
    expect(prices(book)[2]).toEqual(['sub', 300, 'inherited']);
  });

  it('prices a zero-cost level at zero without treating it as missing', () => {
    const book = new PriceBook([rule('op', 'agent', 0), rule('agent', 'sub', 10)]);
    expect(prices(book).map(([, price]) => price)).toEqual([0, 0, 10, 10]);
  });
});

describe('priceBatch', () => {
  it('charges each level unit price × segments per key, sender first', () => {
    const book = new PriceBook([
      rule('op', 'agent', 300),
      rule('op', 'agent', 260, { province: '广东' }),
      rule('op', 'agent', 320, { carrier: 'CUCC' }),
      rule('agent', 'sub', 350),
      rule('agent', 'sub', 400, { carrier: 'CUCC' }),
      rule('sub', 'shop', 500),
      rule('sub', 'shop', 510, { carrier: 'CUCC' }),
    ]);
    const levels = priceBatch(book, chain, 'notification', [
      { key: cmcc, segments: 1 },
      { key: cmccGuangdong, segments: 2 },
      { key: { carrier: 'CUCC', province: null }, segments: 3 },
      { key: cmcc, segments: 1 },
    ]);
    expect(levels.map((level) => level.accountId)).toEqual(['shop', 'sub', 'agent', 'op']);
    expect(levels[0]).toEqual({
      accountId: 'shop',
      depth: 3,
      unitPrices: { 'CMCC|': 500, 'CMCC|广东': 500, 'CUCC|': 510 },
      amount: 500 * 2 + 500 * 2 + 510 * 3,
    });
    expect(levels[1]!.amount).toBe(350 * 4 + 400 * 3);
    expect(levels[2]!.unitPrices).toEqual({ 'CMCC|': 300, 'CMCC|广东': 260, 'CUCC|': 320 });
    expect(levels[2]!.amount).toBe(300 * 2 + 260 * 2 + 320 * 3);
    expect(levels[3]).toMatchObject({ accountId: 'op', amount: 0 });
  });

  it('charges nothing for an empty batch', () => {
    const book = new PriceBook([]);
    expect(priceBatch(book, chain, 'notification', []).map((level) => level.amount)).toEqual([0, 0, 0, 0]);
  });

  it('fails the whole batch when one key has no price', () => {
    const book = new PriceBook([rule('op', 'agent', 300)]);
    expect(() =>
      priceBatch(book, chain, 'notification', [
        { key: cmcc, segments: 1 },
        { key: { carrier: 'INTL', province: null }, segments: 1 },
      ]),
    ).toThrow(/No price is set for INTL notification messages for account agent/);
  });
});
