import { NumberResolver } from './number-resolver';
import { PortabilityOverrides } from './portability-overrides';
import { PrefixLayer } from './prefix-layer';
import { PrefixTable } from './prefix-table';

function table(province: string): PrefixTable {
  const layer = new PrefixLayer('builtin');
  layer.add('1703', { carrier: null, mvno: false, province, city: null });
  layer.add('147', { carrier: null, mvno: false, province, city: null });
  layer.add('138', { carrier: null, mvno: false, province, city: '北京' });
  return PrefixTable.compile([layer]);
}

describe('NumberResolver', () => {
  it('resolves carrier, province and city of a national number', () => {
    const resolver = new NumberResolver(table('北京'));
    expect(resolver.resolve('13800138000')).toEqual({
      carrier: 'CMCC',
      mvno: false,
      dataOnly: false,
      province: '北京',
      city: '北京',
      source: 'builtin',
      regionSource: 'builtin',
      importId: null,
    });
    expect(resolver.resolveNumber('+8613800138000')).toBe(resolver.resolve('13800138000'));
  });

  it('lets an override for a ported number win, keeping its province, dropping the MVNO flag', () => {
    const resolver = new NumberResolver(
      table('广东'),
      new PortabilityOverrides([
        ['17031234567', 'CUCC'],
        ['14712345678', 'CTCC'],
      ]),
    );
    expect(resolver.resolve('17031234567')).toMatchObject({
      carrier: 'CUCC',
      mvno: false,
      province: '广东',
      source: 'override',
    });
    expect(resolver.resolve('14712345678')).toMatchObject({
      carrier: 'CTCC',
      dataOnly: true,
      source: 'override',
    });
    expect(resolver.resolve('17031234568')).toMatchObject({ carrier: 'CMCC', mvno: true, source: 'builtin' });
  });

  it('sees changes to overrides at once and swaps whole tables', () => {
    const resolver = new NumberResolver(table('北京'));
    resolver.overrides.set('13800138000', 'CBN');
    expect(resolver.resolve('13800138000').carrier).toBe('CBN');
    resolver.overrides.delete('13800138000');
    expect(resolver.resolve('13800138000').source).toBe('builtin');
    const before = resolver.resolve('17031234567');
    resolver.useTable(table('上海'));
    expect(before.province).toBe('北京');
    expect(resolver.resolve('17031234567').province).toBe('上海');
    resolver.useOverrides(new PortabilityOverrides([['17031234567', 'CTCC']]));
    expect(resolver.resolve('17031234567').carrier).toBe('CTCC');
  });

  it('knows nothing about numbers that are not mainland mobiles', () => {
    const resolver = new NumberResolver();
    expect(resolver.resolve('4155552671')).toMatchObject({ carrier: null, province: null, source: null });
    expect(resolver.resolve('13800138000')).toMatchObject({ carrier: 'CMCC', province: null });
  });
});
