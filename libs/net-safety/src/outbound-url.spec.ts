import { LookupAddress } from 'node:dns';
import { HostAllowList } from './host-allow-list';
import { formatIpAddress, parseIpAddress } from './ip-address';
import { checkOutboundUrl, checkResolvedAddress } from './outbound-url';
import { createSafeLookup, resolveSafely, UnsafeAddressError } from './safe-lookup';

function reasonOf(url: string, allowList?: HostAllowList): string {
  const verdict = checkOutboundUrl(url, { allowList });
  return verdict.ok ? 'ok' : verdict.reason;
}

describe('checkOutboundUrl', () => {
  it.each([
    ['https://hooks.example.com/sms', 'ok'],
    ['http://203.0.114.9:8080/x', 'ok'],
    ['https://[2400:3200::1]/x', 'ok'],
    ['ftp://example.com/', 'URL_SCHEME_NOT_ALLOWED'],
    ['file:///etc/passwd', 'URL_SCHEME_NOT_ALLOWED'],
    ['https://user:pw@example.com/', 'URL_CREDENTIALS_NOT_ALLOWED'],
    ['not a url', 'URL_INVALID'],
    ['http://localhost:3000/', 'URL_HOST_LOCALHOST'],
    ['http://api.localhost/', 'URL_HOST_LOCALHOST'],
    ['http://intranet/', 'URL_HOST_LOCAL_NAME'],
    ['http://printer.local/', 'URL_HOST_LOCAL_NAME'],
    ['http://db.internal/', 'URL_HOST_LOCAL_NAME'],
    ['http://metadata.google.internal/', 'URL_HOST_METADATA'],
    ['http://127.0.0.1/', 'URL_ADDRESS_LOOPBACK'],
    ['http://0x7f.1/', 'URL_ADDRESS_LOOPBACK'],
    ['http://2130706433/', 'URL_ADDRESS_LOOPBACK'],
    ['http://017700000001/', 'URL_ADDRESS_LOOPBACK'],
    ['http://[::1]/', 'URL_ADDRESS_LOOPBACK'],
    ['http://[::ffff:127.0.0.1]/', 'URL_ADDRESS_LOOPBACK'],
    ['http://[::ffff:a9fe:a9fe]/', 'URL_ADDRESS_METADATA'],
    ['http://[64:ff9b::10.0.0.1]/', 'URL_ADDRESS_PRIVATE'],
    ['http://[2002:c0a8:0101::1]/', 'URL_ADDRESS_PRIVATE'],
    ['http://0.0.0.0/', 'URL_ADDRESS_UNSPECIFIED'],
    ['http://10.1.2.3/', 'URL_ADDRESS_PRIVATE'],
    ['http://172.20.0.1/', 'URL_ADDRESS_PRIVATE'],
    ['http://192.168.1.1/', 'URL_ADDRESS_PRIVATE'],
    ['http://[fd12::1]/', 'URL_ADDRESS_PRIVATE'],
    ['http://169.254.1.1/', 'URL_ADDRESS_LINK_LOCAL'],
    ['http://[fe80::1]/', 'URL_ADDRESS_LINK_LOCAL'],
    ['http://169.254.169.254/latest/meta-data/', 'URL_ADDRESS_METADATA'],
    ['http://100.100.100.200/', 'URL_ADDRESS_METADATA'],
    ['http://100.64.0.1/', 'URL_ADDRESS_SHARED'],
    ['http://224.0.0.1/', 'URL_ADDRESS_MULTICAST'],
    ['http://255.255.255.255/', 'URL_ADDRESS_BROADCAST'],
    ['http://198.18.0.1/', 'URL_ADDRESS_RESERVED'],
  ])('%s → %s', async (url, expected) => {
    await expect(Promise.resolve(reasonOf(url))).resolves.toBe(expected);
  });

  it('lets the operator allow-list hosts, addresses and blocks', () => {
    const allowList = new HostAllowList(['localhost', '127.0.0.1', '10.20.0.0/16', 'hooks.corp']);
    expect(reasonOf('http://localhost:8080/', allowList)).toBe('ok');
    expect(reasonOf('http://127.0.0.1:9/', allowList)).toBe('ok');
    expect(reasonOf('http://10.20.3.4/', allowList)).toBe('ok');
    expect(reasonOf('http://hooks.corp/', allowList)).toBe('ok');
    expect(reasonOf('http://10.21.0.1/', allowList)).toBe('URL_ADDRESS_PRIVATE');
    expect(reasonOf('http://127.0.0.2/', allowList)).toBe('URL_ADDRESS_LOOPBACK');
  });

  it('refuses bad allow-list entries', () => {
    expect(() => new HostAllowList(['10.0.0.0/33'])).toThrow(RangeError);
    expect(() => new HostAllowList(['http://x'])).toThrow(RangeError);
  });
});

describe('checkResolvedAddress', () => {
  it('judges the address a name resolved to, unless the name is allow-listed', () => {
    expect(checkResolvedAddress('10.0.0.5').ok).toBe(false);
    expect(checkResolvedAddress('8.8.8.8').ok).toBe(true);
    const allowList = new HostAllowList(['receiver.test']);
    expect(checkResolvedAddress('127.0.0.1', { host: 'receiver.test', allowList }).ok).toBe(true);
    expect(checkResolvedAddress('127.0.0.1', { host: 'evil.example', allowList }).ok).toBe(false);
  });
});

describe('createSafeLookup', () => {
  const resolver =
    (answers: string[]) =>
    (_host: string, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) =>
      callback(
        null,
        answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  it('hands the socket only an address that passed the check', async () => {
    const lookup = createSafeLookup(undefined, resolver(['10.0.0.1', '93.184.216.34']));
    const address = await new Promise<string>((resolve, reject) =>
      lookup('rebind.example', {}, (error, result) => (error ? reject(error) : resolve(result as string))),
    );
    expect(address).toBe('93.184.216.34');
  });

  it('refuses a name that resolves only to private addresses (DNS rebinding)', async () => {
    await expect(
      resolveSafely('rebind.example', undefined, resolver(['127.0.0.1', '10.1.1.1'])),
    ).rejects.toThrow(UnsafeAddressError);
  });
});

describe('IP address parsing', () => {
  it.each(['::', '::1', '2001:db8::8:800:200c:417a', 'fe80::1', '1::', '::ffff:7f00:1', '127.0.0.1'])(
    'round-trips %s',
    (text) => {
      const parsed = parseIpAddress(text)!;
      expect(parseIpAddress(formatIpAddress(parsed))).toEqual(parsed);
    },
  );

  it('reads an embedded dotted quad', () => {
    expect(parseIpAddress('::ffff:127.0.0.1')).toEqual(parseIpAddress('::ffff:7f00:1'));
  });
});
