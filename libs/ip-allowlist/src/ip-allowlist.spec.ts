import { formatCidr, parseCidr } from './cidr';
import { IpAllowlist, normalizeAllowlist } from './ip-allowlist';

describe('IP allow-list', () => {
  it('matches IPv4 networks and single addresses', () => {
    const list = IpAllowlist.compile(['203.0.113.0/24', '198.51.100.7']);
    expect(list.allows('203.0.113.1')).toBe(true);
    expect(list.allows('203.0.113.255')).toBe(true);
    expect(list.allows('203.0.114.1')).toBe(false);
    expect(list.allows('198.51.100.7')).toBe(true);
    expect(list.allows('198.51.100.8')).toBe(false);
  });

  it('treats IPv4-mapped IPv6 client addresses as IPv4', () => {
    const list = IpAllowlist.compile(['127.0.0.0/8']);
    expect(list.allows('::ffff:127.0.0.1')).toBe(true);
    expect(list.allows('::ffff:10.0.0.1')).toBe(false);
  });

  it('matches IPv6 networks, compressed or not, with zones ignored', () => {
    const list = IpAllowlist.compile(['2001:db8:abcd::/48', '::1']);
    expect(list.allows('2001:db8:abcd:12::1')).toBe(true);
    expect(list.allows('2001:0db8:abcd:0000:0000:0000:0000:0001')).toBe(true);
    expect(list.allows('2001:db8:abce::1')).toBe(false);
    expect(list.allows('::1')).toBe(true);
    expect(list.allows('fe80::1%eth0')).toBe(false);
    expect(IpAllowlist.compile(['fe80::/10']).allows('fe80::1%eth0')).toBe(true);
  });

  it('never lets one family match the other', () => {
    expect(IpAllowlist.compile(['0.0.0.0/0']).allows('2001:db8::1')).toBe(false);
    expect(IpAllowlist.compile(['::/0']).allows('192.0.2.1')).toBe(false);
    expect(IpAllowlist.compile(['::/0']).allows('2001:db8::1')).toBe(true);
  });

  it('allows everything when empty and nothing unparseable when not', () => {
    expect(IpAllowlist.compile([]).allows(undefined)).toBe(true);
    expect(IpAllowlist.compile(['10.0.0.0/8']).allows(undefined)).toBe(false);
    expect(IpAllowlist.compile(['10.0.0.0/8']).allows('not-an-ip')).toBe(false);
  });

  it('canonicalises entries and refuses bad ones with their position', () => {
    expect(normalizeAllowlist([' 2001:DB8:0:0::/32 ', '10.0.0.0/8', '10.0.0.0/8', '192.0.2.1'])).toEqual({
      ok: true,
      entries: ['2001:db8::/32', '10.0.0.0/8', '192.0.2.1/32'],
    });
    expect(normalizeAllowlist(['10.0.0.0/8', '10.1.2.3/8'])).toEqual({
      ok: false,
      problem: { index: 1, message: "'10.1.2.3/8' has host bits set; use 10.0.0.0/8" },
    });
    expect(normalizeAllowlist(['1.2.3.4/33']).ok).toBe(false);
    expect(normalizeAllowlist(['2001:db8::/129']).ok).toBe(false);
    expect(normalizeAllowlist(['example.com']).ok).toBe(false);
    expect(normalizeAllowlist(['1.2.3']).ok).toBe(false);
    expect(normalizeAllowlist(Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`)).ok).toBe(false);
  });

  it('formats IPv6 with the longest zero run compressed', () => {
    expect(formatCidr(parseCidr('2001:0:0:1:0:0:0:1'))).toBe('2001:0:0:1::1/128');
    expect(formatCidr(parseCidr('::'))).toBe('::/128');
    expect(formatCidr(parseCidr('::ffff:192.0.2.0/120'))).toBe('192.0.2.0/24');
    expect(() => parseCidr('::ffff:192.0.2.0/64')).toThrow(/invalid prefix length \(96-128\)/);
  });
});
