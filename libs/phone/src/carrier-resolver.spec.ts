import { CarrierResolver } from './carrier-resolver';
import { Carrier } from './carrier';

describe('CarrierResolver', () => {
  it('falls back to the prefix table', () => {
    expect(new CarrierResolver().resolve('13800138000')).toEqual({
      carrier: 'CMCC',
      mvno: false,
      dataOnly: false,
      prefix: '138',
      source: 'prefix',
    });
  });

  it('lets an override for a ported number win over the prefix', () => {
    const resolver = new CarrierResolver([['13800138000', 'CTCC']]);
    expect(resolver.resolve('13800138000')).toEqual({
      carrier: 'CTCC',
      mvno: false,
      dataOnly: false,
      prefix: '138',
      source: 'override',
    });
    expect(resolver.resolve('13800138001')).toMatchObject({ carrier: 'CMCC', source: 'prefix' });
  });

  it('drops the MVNO flag for a ported MVNO number but keeps the data-card flag', () => {
    const resolver = new CarrierResolver([
      ['17031234567', 'CUCC'],
      ['14712345678', 'CTCC'],
    ]);
    expect(resolver.resolve('17031234567')).toMatchObject({
      carrier: 'CUCC',
      mvno: false,
      source: 'override',
    });
    expect(resolver.resolve('14712345678')).toMatchObject({
      carrier: 'CTCC',
      dataOnly: true,
      source: 'override',
    });
  });

  it('updates and removes overrides', () => {
    const resolver = new CarrierResolver();
    resolver.setOverride('18600138000', 'CMCC');
    expect(resolver.resolve('18600138000')).toMatchObject({ carrier: 'CMCC', source: 'override' });
    resolver.setOverride('18600138000', 'CBN');
    expect(resolver.resolve('18600138000')).toMatchObject({ carrier: 'CBN', source: 'override' });
    expect(resolver.overrideCount).toBe(1);
    resolver.removeOverride('18600138000');
    expect(resolver.resolve('18600138000')).toMatchObject({ carrier: 'CUCC', source: 'prefix' });
    expect(resolver.overrideCount).toBe(0);
  });

  it('stores overrides given with a country code under the national number', () => {
    const resolver = new CarrierResolver([['+8613800138000', 'CUCC']]);
    expect(resolver.resolve('13800138000').carrier).toBe('CUCC');
    expect(resolver.resolve('+8613800138000').carrier).toBe('CUCC');
    resolver.removeOverride('8613800138000');
    expect(resolver.resolve('13800138000').source).toBe('prefix');
  });

  it('rejects overrides that are not mainland mobiles or name an unknown carrier', () => {
    const resolver = new CarrierResolver();
    expect(() => resolver.setOverride('02112345678', 'CMCC')).toThrow(RangeError);
    expect(() => resolver.setOverride('1380013800', 'CMCC')).toThrow(RangeError);
    expect(() => resolver.setOverride('13800138000', 'ATT' as Carrier)).toThrow('unknown carrier ATT');
  });
});
