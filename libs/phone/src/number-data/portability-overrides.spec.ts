import fc from 'fast-check';
import { Carrier, CARRIERS } from '../carrier';
import { PortabilityOverrides, PortabilityOverridesBuilder } from './portability-overrides';

describe('PortabilityOverrides', () => {
  it('answers the carrier of listed numbers only', () => {
    const overrides = new PortabilityOverrides([
      ['13800138000', 'CTCC'],
      ['+8618600138000', 'CMCC'],
    ]);
    expect(overrides.size).toBe(2);
    expect(overrides.carrier('13800138000')).toBe('CTCC');
    expect(overrides.carrier('+8613800138000')).toBe('CTCC');
    expect(overrides.carrier('18600138000')).toBe('CMCC');
    expect(overrides.carrier('13800138001')).toBeNull();
    expect(overrides.carrierCode('13800138000')).toBe(CARRIERS.indexOf('CTCC') + 1);
    expect(overrides.carrierCode('not a number')).toBe(0);
  });

  it('sets, changes and removes overrides, counting the live ones', () => {
    const overrides = new PortabilityOverrides([['13800138000', 'CTCC']]);
    overrides.set('13800138000', 'CBN');
    overrides.set('13900139000', 'CUCC');
    expect(overrides.size).toBe(2);
    expect(overrides.carrier('13800138000')).toBe('CBN');
    overrides.delete('13800138000');
    overrides.delete('13800138000');
    overrides.delete('15000000000');
    expect(overrides.size).toBe(1);
    expect(overrides.carrier('13800138000')).toBeNull();
    expect(overrides.entries()).toEqual([['13900139000', 'CUCC']]);
  });

  it('rejects numbers that are not mainland mobiles and unknown carriers', () => {
    const overrides = new PortabilityOverrides();
    expect(() => overrides.set('02112345678', 'CMCC')).toThrow(RangeError);
    expect(() => overrides.set('1380013800', 'CMCC')).toThrow(RangeError);
    expect(() => overrides.set('13800138000', 'ATT' as Carrier)).toThrow('unknown carrier ATT');
  });

  it('keeps one entry per number when a list repeats it', () => {
    const builder = new PortabilityOverridesBuilder();
    builder.add('13800138000', 'CMCC');
    builder.add('13800138000', 'CMCC');
    builder.add('13700137000', 'CUCC');
    expect(builder.build().size).toBe(2);
  });

  it('stays correct across compactions of many changes', () => {
    const overrides = new PortabilityOverrides();
    for (let i = 0; i < 20_000; i++) overrides.set(`139${String(i).padStart(8, '0')}`, CARRIERS[i % 4]!);
    for (let i = 0; i < 20_000; i += 2) overrides.delete(`139${String(i).padStart(8, '0')}`);
    expect(overrides.size).toBe(10_000);
    for (let i = 0; i < 20_000; i += 997) {
      expect(overrides.carrier(`139${String(i).padStart(8, '0')}`)).toBe(
        i % 2 === 0 ? null : CARRIERS[i % 4],
      );
    }
  });

  it('property: behaves like a map under any sequence of sets and removals', () => {
    const number = fc.integer({ min: 0, max: 60 }).map((n) => `1380000${String(n).padStart(4, '0')}`);
    const operation = fc.tuple(number, fc.option(fc.constantFrom(...CARRIERS), { nil: null }));
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 200 }),
        fc.array(operation, { maxLength: 40 }),
        (initial, ops) => {
          const reference = new Map<string, Carrier>();
          for (const [phone, carrier] of initial) if (carrier) reference.set(phone, carrier);
          const overrides = new PortabilityOverrides([...reference]);
          for (const [phone, carrier] of ops) {
            overrides.set(phone, carrier);
            if (carrier) reference.set(phone, carrier);
            else reference.delete(phone);
          }
          expect(overrides.size).toBe(reference.size);
          for (let n = 0; n <= 60; n++) {
            const phone = `1380000${String(n).padStart(4, '0')}`;
            expect(overrides.carrier(phone)).toBe(reference.get(phone) ?? null);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
