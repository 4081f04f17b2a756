import { checkTargetUrl, isValidHost, shortDomainHostProblem } from './target-url';

describe('checkTargetUrl', () => {
  it.each([
    'https://shop.example.cn/p?id=1&utm_source=sms',
    'http://example.com',
    'HTTPS://Example.COM/Path',
    'https://例子.中国/路径',
    'https://xn--fsqu00a.xn--fiqs8s/',
    'https://203.0.113.7:8443/x',
    'https://[2001:db8::1]/x',
    'https://example.com/a%20b#frag',
  ])('accepts %s', (url) => {
    const verdict = checkTargetUrl(url);
    expect(verdict.ok).toBe(true);
  });

  it('normalises (lower-case host, IDNA, trailing slash)', () => {
    expect(checkTargetUrl('HTTPS://Example.COM')).toEqual({
      ok: true,
      url: 'https://example.com/',
      host: 'example.com',
    });
    expect(checkTargetUrl('https://例子.中国/')).toMatchObject({ host: 'xn--fsqu00a.xn--fiqs8s' });
  });

  it.each([
    ['javascript:alert(1)', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
    ['JavaScript:alert(1)', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
    [' javascript:alert(1)', 'TARGET_URL_CONTROL_CHARACTERS'],
    ['java\tscript:alert(1)', 'TARGET_URL_CONTROL_CHARACTERS'],
    ['java\nscript:alert(1)', 'TARGET_URL_CONTROL_CHARACTERS'],
    ['data:text/html,<script>alert(1)</script>', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
    ['vbscript:msgbox', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
    ['file:///etc/passwd', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
    ['blob:https://example.com/uuid', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
    ['ftp://example.com/', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
    ['//example.com/x', 'TARGET_URL_INVALID'],
    ['example.com', 'TARGET_URL_INVALID'],
    ['https:example.com', 'TARGET_URL_INVALID'],
    ['https:/example.com', 'TARGET_URL_INVALID'],
    ['', 'TARGET_URL_INVALID'],
    ['https://user:pass@example.com/', 'TARGET_URL_CREDENTIALS_NOT_ALLOWED'],
    ['https://user@example.com/', 'TARGET_URL_CREDENTIALS_NOT_ALLOWED'],
    ['https://@example.com/', 'TARGET_URL_CREDENTIALS_NOT_ALLOWED'],
    ['https://example.com/\u0000', 'TARGET_URL_CONTROL_CHARACTERS'],
    ['https://example.com/\u007f', 'TARGET_URL_CONTROL_CHARACTERS'],
    ['https://example.com/\u202eevil', 'TARGET_URL_CONTROL_CHARACTERS'],
    ['https://exam\u200bple.com/', 'TARGET_URL_CONTROL_CHARACTERS'],
    ['https://example.com/a b', 'TARGET_URL_CONTROL_CHARACTERS'],
    ['https://localhost/', 'TARGET_URL_HOST_INVALID'],
    ['https://intranet/', 'TARGET_URL_HOST_INVALID'],
    ['https://example.123/', 'TARGET_URL_INVALID'],
    ['https://-bad.example.com/', 'TARGET_URL_HOST_INVALID'],
    ['https://999.1.1.1/', 'TARGET_URL_INVALID'],
    ['https://exa_mple.com/', 'TARGET_URL_HOST_INVALID'],
    [`https://example.com/${'x'.repeat(2048)}`, 'TARGET_URL_TOO_LONG'],
  ])('refuses %j as %s', (url, problem) => {
    const verdict = checkTargetUrl(url);
    expect(verdict).toMatchObject({ ok: false, problem });
  });

  it('refuses non-strings', () => {
    expect(checkTargetUrl(42)).toMatchObject({ ok: false, problem: 'TARGET_URL_INVALID' });
    expect(checkTargetUrl(null)).toMatchObject({ ok: false, problem: 'TARGET_URL_INVALID' });
  });
});

describe('hosts', () => {
  it('knows a plausible host name', () => {
    expect(isValidHost('t.brand.cn')).toBe(true);
    expect(isValidHost('a.b.c.example.com.')).toBe(true);
    expect(isValidHost('cn')).toBe(false);
    expect(isValidHost(`${'a'.repeat(64)}.com`)).toBe(false);
  });

  it('checks short domain hosts', () => {
    expect(shortDomainHostProblem('t.brand.cn')).toBeNull();
    expect(shortDomainHostProblem('T.brand.cn')).toMatch(/lower case/);
    expect(shortDomainHostProblem('1.2.3.4')).toMatch(/not an address/);
    expect(shortDomainHostProblem('t.brand.cn:80')).toMatch(/not an address/);
    expect(shortDomainHostProblem('localhost')).not.toBeNull();
  });
});
