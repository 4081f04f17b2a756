import { DatacenterRanges } from './datacenter-ranges';
import { expandIpv6, toIpv4, truncateIp } from './ip-prefix';

describe('truncateIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['1.2.3.4', '1.2.3.0/24'],
    ['::ffff:120.24.78.68', '120.24.78.0/24'],
    ['::FFFF:10.0.0.1', '10.0.0.0/24'],
    ['2001:db8:1234:5678::1', '2001:db8:1234::/48'],
    ['2001:0db8:0000:ffff:1:2:3:4', '2001:db8:0::/48'],
    ['240e:47d:c20:1627:30a3:ba0d:a5e6:ec19', '240e:47d:c20::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
  ])('%s → %s', (address, prefix) => {
    expect(truncateIp(address)).toBe(prefix);
  });

  it.each([null, undefined, '', 'not an ip', '1.2.3', '999.1.1.1', '1.2.3.4.5'])('%p → null', (address) => {
    expect(truncateIp(address)).toBeNull();
  });

  it('expands IPv6 forms', () => {
    expect(expandIpv6('::')).toEqual(new Array(8).fill('0000'));
    expect(expandIpv6('1::')).toEqual(['0001', ...new Array(7).fill('0000')]);
    expect(expandIpv6('::ffff:1.2.3.4')).toEqual([
      '0000',
      '0000',
      '0000',
      '0000',
      '0000',
      'ffff',
      '0102',
      '0304',
    ]);
    expect(toIpv4('::ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(toIpv4('::1')).toBeNull();
  });
});

describe('DatacenterRanges', () => {
  const ranges = new DatacenterRanges();

  it.each([
    ['47.100.1.1', 'alibaba'],
    ['120.24.78.68', 'alibaba'],
    ['::ffff:47.100.1.1', 'alibaba'],
    ['119.29.29.29', 'tencent'],
    ['121.37.1.1', 'huawei'],
    ['3.5.6.7', 'aws'],
    ['54.222.1.1', 'aws'],
    ['35.190.1.1', 'gcp'],
    ['2600:1f18::1', 'aws'],
    ['2600:1900:4000::1', 'gcp'],
  ])('%s is %s', (address, provider) => {
    expect(ranges.providerOf(address)).toBe(provider);
  });

  it.each(['223.104.1.1', '112.96.1.1', '1.1.1.1', '240e:47d:c20::1', 'nonsense', '::1'])(
    '%s is no data centre',
    (address) => {
      expect(ranges.providerOf(address)).toBeNull();
    },
  );

  it('takes extra ranges and checks them', () => {
    const extended = DatacenterRanges.withExtra(['198.51.100.0/24', '2001:db8:beef::/48']);
    expect(extended.providerOf('198.51.100.9')).toBe('custom');
    expect(extended.providerOf('2001:db8:beef:1::1')).toBe('custom');
    expect(extended.providerOf('198.51.101.9')).toBeNull();
    expect(() => DatacenterRanges.withExtra(['10.0.0.0/33'])).toThrow(RangeError);
    expect(() => DatacenterRanges.withExtra(['nope/8'])).toThrow(RangeError);
  });

  it('handles nested ranges', () => {
    const nested = new DatacenterRanges({ a: ['10.0.0.0/8'], b: ['10.1.0.0/16', '10.200.0.0/16'] });
    expect(nested.providerOf('10.1.2.3')).toBe('b');
    expect(nested.providerOf('10.2.2.3')).toBe('a');
    expect(nested.providerOf('10.255.2.3')).toBe('a');
    expect(nested.providerOf('11.0.0.1')).toBeNull();
  });
});
