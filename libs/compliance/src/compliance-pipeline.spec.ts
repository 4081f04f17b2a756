import { countSegments } from '@tongdao/sms';
import { DEFAULT_COMPLIANCE_POLICY, DEFAULT_QUIET_WINDOW } from './account-compliance-policy';
import { buildCompliancePipeline } from './build-compliance-pipeline';
import { ComplianceRecipient } from './compliance-recipient';
import { ComplianceRequest } from './compliance-request';
import { findLinks } from './links/url-finder';
import { quietUntil } from './marketing/quiet-hours';
import {
  InMemoryCaps,
  InMemoryConsent,
  InMemorySuppression,
  StaticLinkDomains,
} from './testing/in-memory-ports';
import { buildVariableSpec } from './variables/template-variable-spec';
import { problemWith } from './variables/template-variables-rule';
import { SensitiveWordList } from './words/sensitive-word-list';
import { TextNormalizer } from './words/text-normalizer';

const normalizer = new TextNormalizer();
const words = new SensitiveWordList(
  [
    { word: '免费', category: 'block', accountId: null },
    { word: '最优惠', category: 'review', accountId: null },
  ],
  normalizer,
);

function recipient(
  phone: string,
  content: string,
  params: Record<string, string> | null = null,
): ComplianceRecipient {
  const layout = countSegments(content);
  return { phone, content, segments: layout.segments, encoding: layout.encoding, templateParams: params };
}

/** 2026-11-30 12:00 Asia/Shanghai. */
const NOON_SHANGHAI = new Date('2026-11-30T04:00:00Z');

function setup(overrides: { consented?: Set<string> | null; capLimit?: number } = {}) {
  const caps = new InMemoryCaps(overrides.capLimit ?? 5);
  const suppression = new InMemorySuppression(
    new Map([['+8613900000009', { reason: 'replied TD', source: 'opt_out' as const }]]),
  );
  const consent = new InMemoryConsent(overrides.consented ?? null);
  const domains = new StaticLinkDomains(['shop.example.com'], ['t.brand.cn']);
  const pipeline = buildCompliancePipeline({
    words: { listsFor: () => [words] },
    linkDomains: domains,
    shortDomains: domains,
    suppression,
    consent,
    caps,
    maxSegments: 10,
  });
  return { pipeline, caps, suppression, consent };
}

function request(partial: Partial<ComplianceRequest> = {}): ComplianceRequest {
  return {
    accountId: 'acc',
    kind: 'notification',
    sendAt: NOON_SHANGHAI,
    now: NOON_SHANGHAI,
    mode: 'accept',
    policy: DEFAULT_COMPLIANCE_POLICY,
    template: null,
    ...partial,
  };
}

describe('template variable types', () => {
  const spec = buildVariableSpec(['code', 'amount', 'name', 'note', 'link', 'addr'], {
    code: { type: 'code' },
    amount: { type: 'amount' },
    name: { type: 'name', max_length: 4 },
    link: { type: 'url' },
    addr: { type: 'address', allow_url: true },
  });
  if (!spec.ok) throw new Error(spec.message);
  const of = (name: string) => spec.spec.variables.get(name)!;

  it.each([
    ['code', '1234', null],
    ['code', '12345678', null],
    ['code', '123', 'must be a verification code of 4 to 8 digits'],
    ['code', '123456789', 'must be a verification code of 4 to 8 digits'],
    ['code', '12a4', 'must be a verification code of 4 to 8 digits'],
    ['amount', '19.90', null],
    ['amount', '1,280.5', null],
    ['amount', '-3', null],
    ['amount', '十元', 'must be a number, e.g. 19.90'],
    ['name', '张三丰', null],
    ['name', '欧阳娜娜娜', 'is longer than 4 characters (type name)'],
    ['note', 'see www.evil.cn', expect.stringContaining('must not contain a link')],
    ['note', 'evil.com/x', expect.stringContaining('must not contain a link')],
    ['note', 'a\nb', 'must not contain line breaks or control characters'],
    ['link', 'https://shop.example.com/a', null],
    ['link', 'shop.example.com', 'must be an http(s) URL'],
    ['addr', '见 https://map.example.com', null],
  ])('%s = %j → %p', (name, value, problem) => {
    expect(problemWith(of(name), value)).toEqual(problem);
  });

  it('defaults an undeclared variable to text with a 35-character cap and no links', () => {
    expect(of('note')).toEqual({ name: 'note', type: 'text', maxLength: 35, allowUrl: false });
  });

  it('refuses declarations of unknown variables, types and caps', () => {
    expect(buildVariableSpec(['a'], { b: { type: 'text' } })).toMatchObject({
      ok: false,
      field: 'variables.b',
    });
    expect(buildVariableSpec(['a'], { a: { type: 'phone' as never } })).toMatchObject({
      ok: false,
      field: 'variables.a.type',
    });
    expect(buildVariableSpec(['a'], { a: { type: 'text', max_length: 500 } })).toMatchObject({
      ok: false,
      field: 'variables.a.max_length',
    });
  });

  it('rejects a recipient whose parameter does not fit, naming the field', async () => {
    const { pipeline } = setup();
    const batch = await pipeline.run(
      [recipient('+8613800000001', '【通道】验证码12', { code: '12' })],
      request({ kind: 'verification', template: spec.spec }),
    );
    expect(batch.verdictOf(0)).toMatchObject({
      outcome: 'reject',
      code: 'TEMPLATE_VARIABLE_INVALID',
      field: 'template_params.code',
    });
  });
});

describe('quiet hours, Asia/Shanghai from a UTC clock', () => {
  const at = (iso: string) => quietUntil(new Date(iso), DEFAULT_QUIET_WINDOW);

  it('lets 21:59:59 through and holds 22:00:00 until 08:00 the next morning', () => {
    expect(at('2026-11-30T13:59:59Z')).toBeNull(); // 21:59:59 +08:00
    expect(at('2026-11-30T14:00:00Z')?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(at('2026-11-30T15:59:59Z')?.toISOString()).toBe('2026-12-01T00:00:00.000Z'); // 23:59:59
  });

  it('holds 07:59:59 until 08:00 the same morning and lets 08:00:00 through', () => {
    expect(at('2026-11-30T23:59:59Z')?.toISOString()).toBe('2026-12-01T00:00:00.000Z'); // 07:59:59 next day
    expect(at('2026-11-30T16:00:00Z')?.toISOString()).toBe('2026-12-01T00:00:00.000Z'); // 00:00
    expect(at('2026-12-01T00:00:00Z')).toBeNull(); // 08:00:00
  });

  it('supports a window that does not wrap midnight and an empty window', () => {
    const lunch = { startMinute: 12 * 60, endMinute: 14 * 60, timeZone: 'Asia/Shanghai' };
    expect(quietUntil(NOON_SHANGHAI, lunch)?.toISOString()).toBe('2026-11-30T06:00:00.000Z');
    expect(quietUntil(new Date('2026-11-30T06:00:00Z'), lunch)).toBeNull();
    expect(quietUntil(NOON_SHANGHAI, { ...lunch, endMinute: 12 * 60 })).toBeNull();
  });

  it('holds marketing inside the window, with the release time, and lets other kinds through', async () => {
    const { pipeline } = setup();
    const late = new Date('2026-11-30T14:30:00Z');
    const marketing = await pipeline.run(
      [recipient('+8613800000001', '【通道】上新了，回TD退订')],
      request({ kind: 'marketing', sendAt: late, now: late }),
    );
    expect(marketing.verdictOf(0)).toMatchObject({ outcome: 'hold', reason: 'quiet_hours' });
    expect(marketing.heldUntil(0)?.until?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    const notice = await pipeline.run(
      [recipient('+8613800000001', '【通道】您的快递已发出')],
      request({ kind: 'notification', sendAt: late, now: late }),
    );
    expect(notice.verdictOf(0)).toEqual({ outcome: 'pass' });
  });

  it('judges a scheduled message by its send time, and an account without quiet hours never holds', async () => {
    const { pipeline } = setup();
    const late = new Date('2026-11-30T14:30:00Z');
    const scheduled = await pipeline.run(
      [recipient('+8613800000001', '【通道】上新了，回TD退订')],
      request({ kind: 'marketing', now: late, sendAt: new Date('2026-12-01T02:00:00Z') }),
    );
    expect(scheduled.verdictOf(0).outcome).toBe('pass');
    const noWindow = await pipeline.run(
      [recipient('+8613800000001', '【通道】上新了，回TD退订')],
      request({
        kind: 'marketing',
        sendAt: late,
        now: late,
        policy: { ...DEFAULT_COMPLIANCE_POLICY, quietHours: null },
      }),
    );
    expect(noWindow.verdictOf(0).outcome).toBe('pass');
  });
});

describe('unsubscribe text', () => {
  it('appends the default text to marketing without one and counts it in segments', async () => {
    const { pipeline } = setup();
    const body = '【通道】' + '新'.repeat(62);
    const batch = await pipeline.run([recipient('+8613800000001', body)], request({ kind: 'marketing' }));
    expect(batch.recipients[0]!.content).toBe(body + '回TD退订');
    expect(countSegments(body).segments).toBe(1);
    expect(batch.recipients[0]!.segments).toBe(2);
  });

  it('keeps a text that already has an instruction, and uses the account’s own text', async () => {
    const { pipeline } = setup();
    const own = await pipeline.run(
      [
        recipient('+8613800000001', '【通道】上新了 拒收请回复R'),
        recipient('+8613800000002', '【通道】上新'),
      ],
      request({ kind: 'marketing', policy: { ...DEFAULT_COMPLIANCE_POLICY, unsubscribeText: '退订回N' } }),
    );
    expect(own.recipients[0]!.content).toBe('【通道】上新了 拒收请回复R');
    expect(own.recipients[1]!.content).toBe('【通道】上新退订回N');
  });

  it('leaves other kinds alone and refuses marketing the text pushes past 10 segments', async () => {
    const { pipeline } = setup();
    const notice = await pipeline.run([recipient('+8613800000001', '【通道】取件码1234')], request());
    expect(notice.recipients[0]!.content).toBe('【通道】取件码1234');
    const long = '【通道】' + '长'.repeat(670 - 4 - 2);
    const batch = await pipeline.run([recipient('+8613800000001', long)], request({ kind: 'marketing' }));
    expect(batch.verdictOf(0)).toMatchObject({ outcome: 'reject', code: 'CONTENT_TOO_LONG' });
  });
});

describe('sensitive words in the pipeline', () => {
  it('refuses a block word naming it as written, holds a review word for review, ignores the signature', async () => {
    const { pipeline } = setup();
    const batch = await pipeline.run(
      [
        recipient('+8613800000001', '【通道】今天免 費领'),
        recipient('+8613800000002', '【通道】本店最优惠'),
        recipient('+8613800000003', '【免费宝】您好'),
      ],
      request(),
    );
    expect(batch.verdictOf(0)).toMatchObject({ outcome: 'reject', code: 'SENSITIVE_WORD', field: 'content' });
    expect((batch.verdictOf(0) as { message: string }).message).toContain('"免 費"');
    expect((batch.verdictOf(0) as { message: string }).message).toContain('category block');
    expect(batch.verdictOf(1)).toMatchObject({ outcome: 'hold', reason: 'review', until: null });
    expect(batch.verdictOf(2).outcome).toBe('pass');
  });
});

describe('links', () => {
  it('finds links with and without scheme, and hidden with full-width characters', () => {
    expect(findLinks('看 https://Shop.Example.com/a?b=1 和 www.x.cn').map((l) => l.host)).toEqual([
      'shop.example.com',
      'www.x.cn',
    ]);
    expect(findLinks('点 t.cn/AbC 领').map((l) => l.host)).toEqual(['t.cn']);
    expect(findLinks('ｅｖｉｌ．ｃｏｍ/x').map((l) => l.host)).toEqual(['evil.com']);
    expect(findLinks('版本v1.2，金额3.50元')).toEqual([]);
  });

  it.each([
    ['【通道】详见 https://shop.example.com/x', 'pass'],
    ['【通道】详见 https://m.shop.example.com/x', 'pass'],
    ['【通道】详见 t.brand.cn/3Ed5', 'pass'],
    ['【通道】详见 https://t.cn/abc', 'PUBLIC_SHORTENER_NOT_ALLOWED'],
    ['【通道】详见 bit.ly/abc', 'PUBLIC_SHORTENER_NOT_ALLOWED'],
    ['【通道】详见 https://example.com.evil.cn/x', 'LINK_NOT_ALLOWED'],
    ['【通道】详见 https://other.com', 'LINK_NOT_ALLOWED'],
  ])('%s → %s', async (content, expected) => {
    const { pipeline } = setup();
    const batch = await pipeline.run([recipient('+8613800000001', content)], request());
    const verdict = batch.verdictOf(0);
    expect(verdict.outcome === 'pass' ? 'pass' : (verdict as { code: string }).code).toBe(expected);
  });
});

describe('state rules: one port call per batch', () => {
  const phones = ['+8613900000001', '+8613900000002', '+8613900000009', '+8613900000004'];

  it('refuses suppressed, unconsented and capped numbers with one call to each port', async () => {
    const { pipeline, caps, suppression, consent } = setup({
      consented: new Set(['+8613900000001', '+8613900000002', '+8613900000009']),
      capLimit: 1,
    });
    caps.counts.set('+8613900000002', 1);
    const batch = await pipeline.run(
      phones.map((phone) => recipient(phone, '【通道】上新 回TD退订')),
      request({ kind: 'marketing' }),
    );
    expect([0, 1, 2, 3].map((i) => batch.verdictOf(i).outcome)).toEqual([
      'pass',
      'reject',
      'reject',
      'reject',
    ]);
    expect(batch.verdictOf(1)).toMatchObject({ code: 'FREQUENCY_CAP_EXCEEDED', field: 'phone' });
    expect((batch.verdictOf(1) as { message: string }).message).toContain('marketing:1/day');
    expect(batch.verdictOf(2)).toMatchObject({ code: 'RECIPIENT_OPTED_OUT' });
    expect(batch.verdictOf(3)).toMatchObject({ code: 'CONSENT_MISSING' });
    expect(suppression.calls).toBe(1);
    expect(consent.calls).toBe(1);
    expect(caps.calls.map((c) => [c.method, c.request.phones])).toEqual([
      ['reserve', ['+8613900000001', '+8613900000002']],
    ]);
    expect(batch.reservation?.phones).toEqual(['+8613900000001']);
  });

  it('an opt-out stops marketing only (issue 9b): codes and notices still reach the number', async () => {
    const { pipeline } = setup();
    const batch = await pipeline.run(
      [recipient('+8613900000009', '【通道】您的订单已发货')],
      request({ kind: 'notification' }),
    );
    expect(batch.verdictOf(0).outcome).toBe('pass');
  });

  it('peeks at caps in a dry run and counts nothing', async () => {
    const { pipeline, caps } = setup({ capLimit: 1 });
    await pipeline.run([recipient(phones[0]!, '【通道】通知')], request({ mode: 'dry_run' }));
    expect(caps.calls.map((c) => c.method)).toEqual(['peek']);
    expect(caps.counts.size).toBe(0);
  });

  it('does not ask consent for non-marketing, and counts held marketing at its release time', async () => {
    const { pipeline, caps, consent } = setup();
    await pipeline.run([recipient(phones[0]!, '【通道】通知')], request());
    expect(consent.calls).toBe(0);
    const late = new Date('2026-11-30T14:30:00Z');
    await pipeline.run([recipient(phones[0]!, '【通道】上新')], request({ kind: 'marketing', sendAt: late }));
    expect(caps.calls[1]!.request.now.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('never asks a port about a number another rule already refused, and skips ports when nobody is left', async () => {
    const { pipeline, caps, suppression } = setup();
    await pipeline.run([recipient(phones[0]!, '【通道】免费')], request());
    expect(suppression.calls).toBe(0);
    expect(caps.calls).toEqual([]);
  });
});
