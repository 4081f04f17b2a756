import fc from 'fast-check';
import { redistribute, spreadEvenly, StripeState, stripeFree, totalsOf } from './balance-stripes';

function stripes(...rows: Array<[number, number, number]>): StripeState[] {
  return rows.map(([balance, reserved, credit], stripe) => ({ stripe, balance, reserved, credit }));
}

describe('balance stripes', () => {
  it('spreads integers evenly, negatives included', () => {
    expect(spreadEvenly(10, 4)).toEqual([3, 3, 2, 2]);
    expect(spreadEvenly(-10, 4)).toEqual([-2, -2, -3, -3]);
    expect(spreadEvenly(0, 3)).toEqual([0, 0, 0]);
  });

  it('spreads a top-up over every stripe', () => {
    const result = redistribute(stripes([0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]), { balanceDelta: 1000 });
    expect(result).toEqual({
      ok: true,
      stripes: stripes([250, 0, 0], [250, 0, 0], [250, 0, 0], [250, 0, 0]),
    });
  });

  it('gathers free money onto one stripe for a reservation too big for it', () => {
    const result = redistribute(stripes([100, 0, 0], [100, 50, 0], [100, 0, 0]), {
      reserve: { stripe: 1, amount: 200 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(totalsOf(result.stripes)).toEqual({ balance: 300, reserved: 250, credit: 0, available: 50 });
    expect(result.stripes[1]).toMatchObject({ reserved: 250 });
    expect(result.stripes.every((stripe) => stripeFree(stripe) >= 0)).toBe(true);
  });

  it('refuses a reservation beyond the whole balance plus credit', () => {
    expect(
      redistribute(stripes([100, 0, 10], [100, 50, 10]), { reserve: { stripe: 0, amount: 171 } }),
    ).toEqual({ ok: false, available: 170 });
    expect(
      redistribute(stripes([100, 0, 10], [100, 50, 10]), { reserve: { stripe: 0, amount: 170 } }).ok,
    ).toBe(true);
  });

  it('refuses a debit beyond what is available, allows one within', () => {
    expect(redistribute(stripes([100, 40, 0]), { balanceDelta: -61 }).ok).toBe(false);
    expect(redistribute(stripes([100, 40, 0]), { balanceDelta: -60 })).toEqual({
      ok: true,
      stripes: stripes([40, 40, 0]),
    });
  });

  it('lets credit be lowered below what is used', () => {
    const result = redistribute(stripes([-50, 0, 100], [0, 0, 0]), { creditLimit: 0 });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(totalsOf(result.stripes)).toEqual({ balance: -50, reserved: 0, credit: 0, available: -50 });
  });

  it('keeps the balance, moves no reservation and leaves every stripe solvent (property)', () => {
    const stripeArb = fc.record({
      balance: fc.integer({ min: -1000, max: 100_000 }),
      reserved: fc.integer({ min: 0, max: 50_000 }),
      credit: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(
        fc.array(stripeArb, { minLength: 1, maxLength: 16 }),
        // A reservation of nothing succeeds even on an overdrawn balance (it changes nothing), which this oracle,
        // comparing availability with the amount, would call a refusal: amounts start at 1.
        fc.integer({ min: 1, max: 200_000 }),
        fc.nat(),
        fc.integer({ min: -50_000, max: 50_000 }),
        (rows, amount, pick, delta) => {
          const before = rows.map((row, stripe) => ({ stripe, ...row }));
          const target = pick % before.length;
          const totals = totalsOf(before);
          const reserved = redistribute(before, { reserve: { stripe: target, amount } });
          if (totals.available >= amount) {
            expect(reserved.ok).toBe(true);
            if (!reserved.ok) return;
            const after = totalsOf(reserved.stripes);
            expect(after.balance).toBe(totals.balance);
            expect(after.reserved).toBe(totals.reserved + amount);
            expect(after.credit).toBe(totals.credit);
            reserved.stripes.forEach((stripe, index) => {
              expect(stripe.reserved).toBe(before[index]!.reserved + (index === target ? amount : 0));
              expect(stripeFree(stripe)).toBeGreaterThanOrEqual(0);
            });
          } else {
            expect(reserved).toEqual({ ok: false, available: totals.available });
          }
          const adjusted = redistribute(before, { balanceDelta: delta });
          if (delta < 0 && totals.available + delta < 0) expect(adjusted.ok).toBe(false);
          else if (adjusted.ok) expect(totalsOf(adjusted.stripes).balance).toBe(totals.balance + delta);
          else throw new Error('a credit or an affordable debit was refused');
        },
      ),
    );
  });
});
