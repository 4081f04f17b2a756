import fc from 'fast-check';
import { Reservation } from './reservation';
import { planSettlement, SettledMessage, SettlementError, compareLockOrder } from './settlement-plan';
import { settleAtLevel } from './settlement';

const reservation: Reservation = {
  id: 'batch-1',
  causeType: 'batch',
  senderAccountId: 'shop',
  kind: 'marketing',
  messages: 4,
  levels: [
    {
      accountId: 'shop',
      depth: 2,
      stripe: 3,
      refundPolicy: 'undelivered',
      unitPrices: { 'CMCC|': 500, 'CMCC|广东': 480 },
      amount: 0,
    },
    {
      accountId: 'agent',
      depth: 1,
      stripe: 0,
      refundPolicy: 'none',
      unitPrices: { 'CMCC|': 300, 'CMCC|广东': 280 },
      amount: 0,
    },
    {
      accountId: 'op',
      depth: 0,
      stripe: null,
      refundPolicy: 'none',
      unitPrices: { 'CMCC|': 0, 'CMCC|广东': 0 },
      amount: 0,
    },
  ],
};

function message(
  id: string,
  outcome: Partial<SettledMessage['outcome']>,
  province: string | null = null,
): SettledMessage {
  return {
    messageId: id,
    reservationId: 'batch-1',
    kind: 'marketing',
    key: { carrier: 'CMCC', province },
    day: '2025-11-11',
    outcome: { submitted: true, delivered: true, segments: 1, ...outcome },
  };
}

const reservations = new Map([[reservation.id, reservation]]);

describe('settleAtLevel', () => {
  it('charges every submitted segment under the none policy, delivered or not', () => {
    expect(settleAtLevel(300, 'none', { submitted: true, delivered: true, segments: 2 })).toEqual({
      charge: 600,
      release: 0,
      refund: 0,
    });
    expect(settleAtLevel(300, 'none', { submitted: true, delivered: false, segments: 2 })).toEqual({
      charge: 600,
      release: 0,
      refund: 0,
    });
  });

  it('refunds a submitted message that failed under the undelivered policy', () => {
    expect(settleAtLevel(300, 'undelivered', { submitted: true, delivered: false, segments: 2 })).toEqual({
      charge: 600,
      release: 0,
      refund: 600,
    });
    expect(settleAtLevel(300, 'undelivered', { submitted: true, delivered: true, segments: 2 })).toEqual({
      charge: 600,
      release: 0,
      refund: 0,
    });
  });

  it('never charges a message that was never submitted', () => {
    for (const policy of ['none', 'undelivered'] as const)
      expect(settleAtLevel(300, policy, { submitted: false, delivered: false, segments: 3 })).toEqual({
        charge: 0,
        release: 900,
        refund: 0,
      });
  });
});

describe('planSettlement', () => {
  const plan = planSettlement(
    [
      message('m1', { segments: 2 }),
      message('m2', { delivered: false }),
      message('m3', { submitted: false, delivered: false }, '广东'),
      message('m4', {}, '广东'),
    ],
    reservations,
  );

  it('writes one ledger entry per account, reservation and type', () => {
    const entries = plan.ledger.map((entry) => [
      entry.accountId,
      entry.type,
      entry.amount,
      entry.reservedDelta,
      entry.messages,
      entry.segments,
    ]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['shop', 'charge', -(1000 + 500 + 480), -(1000 + 500 + 480), 3, 4],
        ['shop', 'refund', 500, 0, 1, 1],
        ['shop', 'release', 0, -480, 1, 1],
        ['agent', 'charge', -(600 + 300 + 280), -(600 + 300 + 280), 3, 4],
        ['agent', 'release', 0, -280, 1, 1],
      ]),
    );
    expect(plan.ledger).toHaveLength(5);
    expect(plan.ledger.every((entry) => entry.causeType === 'batch' && entry.causeId === 'batch-1')).toBe(
      true,
    );
  });

  it('moves each stripe by the ledger’s effects', () => {
    expect(plan.stripes).toEqual(
      expect.arrayContaining([
        { accountId: 'shop', depth: 2, stripe: 3, balance: -1980 + 500, reserved: -1980 - 480 },
        { accountId: 'agent', depth: 1, stripe: 0, balance: -1180, reserved: -1180 - 280 },
      ]),
    );
    expect(plan.stripes).toHaveLength(2);
    expect(plan.progress.get('batch-1')).toBe(4);
  });

  it('rolls usage up per level with charged, revenue and cost', () => {
    const row = (account: string, province: string) =>
      plan.usage.find((usage) => usage.accountId === account && usage.province === province);
    expect(row('shop', '')).toMatchObject({
      messages: 2,
      segments: 3,
      delivered: 1,
      failed: 1,
      charged: 1000 + 500 - 500,
      revenue: 0,
      cost: 0,
    });
    expect(row('agent', '')).toMatchObject({
      messages: 2,
      segments: 3,
      charged: 900,
      revenue: 1000,
      cost: 900,
    });
    expect(row('op', '')).toMatchObject({ messages: 2, charged: 0, revenue: 900, cost: 0 });
    expect(row('shop', '广东')).toMatchObject({ messages: 2, delivered: 1, failed: 1, charged: 480 });
    expect(row('agent', '广东')).toMatchObject({ charged: 280, revenue: 480, cost: 280 });
  });

  it('fails loudly on a message without a reservation or a price', () => {
    expect(() => planSettlement([{ ...message('x', {}), reservationId: 'nope' }], reservations)).toThrow(
      SettlementError,
    );
    expect(() => planSettlement([message('x', {}, '浙江')], reservations)).toThrow(/no price for CMCC\|浙江/);
  });

  it('returns exactly what was reserved once every message is settled (property)', () => {
    const outcome = fc.record({
      submitted: fc.boolean(),
      delivered: fc.boolean(),
      segments: fc.integer({ min: 1, max: 10 }),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(outcome, fc.boolean()), { minLength: 1, maxLength: 40 }), (drawn) => {
        const settled = drawn.map(([out, guangdong], index) =>
          message(
            `m${index}`,
            { ...out, delivered: out.submitted && out.delivered },
            guangdong ? '广东' : null,
          ),
        );
        const result = planSettlement(settled, reservations);
        for (const level of reservation.levels.slice(0, 2)) {
          const reserved = settled.reduce(
            (sum, one) => sum + level.unitPrices[`CMCC|${one.key.province ?? ''}`]! * one.outcome.segments,
            0,
          );
          const stripe = result.stripes.find((delta) => delta.accountId === level.accountId);
          expect((stripe?.reserved ?? 0) + 0).toBe(0 - reserved + 0);
          const ledgerReserved = result.ledger
            .filter((entry) => entry.accountId === level.accountId)
            .reduce((sum, entry) => sum + entry.reservedDelta, 0);
          expect(ledgerReserved + 0).toBe(0 - reserved + 0);
          const usageCharged = result.usage
            .filter((usage) => usage.accountId === level.accountId)
            .reduce((sum, usage) => sum + usage.charged, 0);
          expect(usageCharged + 0).toBe(0 - (stripe?.balance ?? 0) + 0);
        }
      }),
    );
  });
});

describe('compareLockOrder', () => {
  it('orders deepest account first, then account id, then stripe', () => {
    const rows = [
      { accountId: 'b', depth: 1, stripe: 2 },
      { accountId: 'a', depth: 1, stripe: 1 },
      { accountId: 'z', depth: 3, stripe: 0 },
      { accountId: 'a', depth: 1, stripe: 0 },
    ];
    expect([...rows].sort(compareLockOrder)).toEqual([
      { accountId: 'z', depth: 3, stripe: 0 },
      { accountId: 'a', depth: 1, stripe: 0 },
      { accountId: 'a', depth: 1, stripe: 1 },
      { accountId: 'b', depth: 1, stripe: 2 },
    ]);
  });
});
