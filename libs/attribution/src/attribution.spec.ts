import {
  appendClickId,
  AttributionScope,
  buildAnalyticsReport,
  buildTrackedTarget,
  CounterDelta,
  CounterPlan,
  delayBucket,
  estimateMedianSeconds,
  extraParamsProblem,
  formatMinor,
  heatmapCell,
  LinkAttribution,
  linkStepCounters,
  Metric,
  parseConversionValue,
  planClick,
  planFirstClickDelay,
  planFunnelStep,
  RecipientPseudonymizer,
  scopesOf,
  shanghaiDay,
  shortLinkText,
  splitAtLinkPlaceholder,
} from './index';

const link: LinkAttribution = {
  accountId: 'acc',
  linkId: '42',
  messageId: 'msg',
  batchId: 'batch',
  campaignRef: 'spring',
  recipientId: 'r1',
  carrier: 'CMCC',
  province: '广东',
  channelId: 'cmpp-1',
};

describe('recipient pseudonyms', () => {
  const pseudonyms = new RecipientPseudonymizer('a-server-secret-of-32-characters');

  it('is stable per phone, differs between phones, and never contains the number', () => {
    const id = pseudonyms.idOf('+8613800138000');
    expect(id).toBe(pseudonyms.idOf('+8613800138000'));
    expect(id).not.toBe(pseudonyms.idOf('+8613800138001'));
    expect(id).toHaveLength(22);
    expect(id).not.toContain('13800138000');
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('depends on the secret', () => {
    expect(new RecipientPseudonymizer('another-secret-of-32-characters!').idOf('+8613800138000')).not.toBe(
      pseudonyms.idOf('+8613800138000'),
    );
  });

  it('refuses a short secret', () => {
    expect(() => new RecipientPseudonymizer('short')).toThrow(/16 bytes/);
  });
});

describe('tracked targets', () => {
  const tracking = { kind: 'marketing', campaign: 'double11', content: 'tpl-a', extra: { src: 'crm' } };

  it('appends the UTM parameters and the account parameters in order', () => {
    expect(buildTrackedTarget('https://shop.example.cn/p/1', tracking)).toBe(
      'https://shop.example.cn/p/1?utm_source=sms&utm_medium=marketing&utm_campaign=double11&utm_content=tpl-a&src=crm',
    );
  });

  it('keeps the target’s own query, its explicit UTM values, and the fragment at the end', () => {
    expect(buildTrackedTarget('https://shop.example.cn/p?id=7&utm_campaign=mine#top', tracking)).toBe(
      'https://shop.example.cn/p?id=7&utm_campaign=mine&utm_source=sms&utm_medium=marketing&utm_content=tpl-a&src=crm#top',
    );
  });

  it('leaves out utm_campaign and utm_content when unknown', () => {
    expect(
      buildTrackedTarget('https://a.cn/', { kind: 'notification', campaign: null, content: null, extra: {} }),
    ).toBe('https://a.cn/?utm_source=sms&utm_medium=notification');
  });

  it('percent-encodes values', () => {
    expect(buildTrackedTarget('https://a.cn/', { ...tracking, campaign: '双11 大促', extra: {} })).toContain(
      'utm_campaign=%E5%8F%8C11+%E5%A4%A7%E4%BF%83',
    );
  });

  it('sets the click id, replacing a stale one', () => {
    expect(appendClickId('https://a.cn/?x=1&td_cid=old', 'td_cid', 'c_new')).toBe(
      'https://a.cn/?x=1&td_cid=c_new',
    );
    expect(appendClickId('https://a.cn/p#f', 'td_cid', 'abc')).toBe('https://a.cn/p?td_cid=abc#f');
  });

  it('checks account parameters', () => {
    expect(extraParamsProblem({ src: 'crm' }, 'td_cid')).toBeNull();
    expect(extraParamsProblem({ utm_source: 'x' }, 'td_cid')?.field).toBe('link.params.utm_source');
    expect(extraParamsProblem({ td_cid: 'x' }, 'td_cid')?.message).toMatch(/set by Tongdao/);
    expect(extraParamsProblem({ 'bad name': 'x' }, 'td_cid')?.field).toBe('link.params.bad name');
    expect(extraParamsProblem({ n: 3 }, 'td_cid')?.message).toMatch(/strings/);
    expect(extraParamsProblem({ n: '' }, 'td_cid')).not.toBeNull();
  });
});

describe('link placeholder', () => {
  it('splits free text at every ${link} into template parts', () => {
    expect(splitAtLinkPlaceholder('点击 ${link} 领取，或 ${link}')).toEqual([
      '点击 ',
      'link',
      ' 领取，或 ',
      'link',
      '',
    ]);
    expect(splitAtLinkPlaceholder('${link}')).toEqual(['', 'link', '']);
  });

  it('answers null when there is no placeholder, and leaves other ${...} alone', () => {
    expect(splitAtLinkPlaceholder('no link here ${name}')).toBeNull();
    expect(splitAtLinkPlaceholder('${name} ${link}')).toEqual(['${name} ', 'link', '']);
  });

  it('renders host/code, with the scheme only when asked', () => {
    expect(shortLinkText('t.brand.cn', 'Ab3dE5x', false)).toBe('t.brand.cn/Ab3dE5x');
    expect(shortLinkText('t.brand.cn', 'Ab3dE5x', true)).toBe('https://t.brand.cn/Ab3dE5x');
  });
});

describe('Asia/Shanghai clock', () => {
  it('puts 2026-11-29T16:30Z on Monday 00h in Shanghai', () => {
    expect(heatmapCell(new Date('2026-11-29T16:30:00Z'))).toBe('d1h0');
    expect(shanghaiDay(new Date('2026-11-29T16:30:00Z'))).toBe('2026-11-30');
  });

  it('puts Sunday 23h as d7h23', () => {
    expect(heatmapCell(new Date('2026-11-29T15:59:59Z'))).toBe('d7h23');
    expect(shanghaiDay(new Date('2026-11-29T15:59:59Z'))).toBe('2026-11-29');
  });

  it('gives the right day for times asked in any order, across day edges and before 1970', () => {
    const reference = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const edge = Date.parse('2026-11-29T16:00:00Z');
    const times = [
      edge - 1,
      edge,
      edge - 1,
      edge + 1,
      -1,
      0,
      -28_800_001,
      -28_800_000,
      edge,
      edge - 86_400_000,
    ];
    let seed = 7;
    for (let index = 0; index < 5_000; index += 1) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      times.push(edge + ((seed % 20_000) - 10_000) * 60_000 + (seed % 997));
    }
    for (const time of times) expect(shanghaiDay(new Date(time))).toBe(reference(new Date(time)));
  });
});

describe('time to first click', () => {
  it('buckets delays', () => {
    expect(delayBucket(0)).toBe('lt_1m');
    expect(delayBucket(59_999)).toBe('lt_1m');
    expect(delayBucket(60_000)).toBe('1m_5m');
    expect(delayBucket(3_600_000)).toBe('1h_6h');
    expect(delayBucket(10 * 86_400_000)).toBe('gte_3d');
    expect(delayBucket(-5)).toBe('lt_1m');
  });

  it('estimates the median inside its bucket', () => {
    expect(estimateMedianSeconds({})).toBeNull();
    expect(estimateMedianSeconds({ lt_1m: 1, '1m_5m': 1 })).toBe(60);
    expect(estimateMedianSeconds({ '1m_5m': 4 })).toBe(180);
    expect(estimateMedianSeconds({ gte_3d: 3 })).toBe(259_200);
  });
});

describe('conversion values', () => {
  it('reads decimal strings and minor units exactly', () => {
    expect(parseConversionValue('199.90', undefined)).toEqual({ ok: true, minor: 19990 });
    expect(parseConversionValue('0.1', undefined)).toEqual({ ok: true, minor: 10 });
    expect(parseConversionValue('12', undefined)).toEqual({ ok: true, minor: 1200 });
    expect(parseConversionValue(undefined, 19990)).toEqual({ ok: true, minor: 19990 });
    expect(parseConversionValue(undefined, undefined)).toEqual({ ok: true, minor: null });
  });

  it('refuses floats, negatives, three decimals and both forms', () => {
    for (const [value, minor] of [
      [19.9, undefined],
      ['-1', undefined],
      ['1.234', undefined],
      ['01', undefined],
      ['1e3', undefined],
      [undefined, -1],
      [undefined, 1.5],
      ['1', 100],
    ] as Array<[unknown, unknown]>)
      expect(parseConversionValue(value, minor).ok).toBe(false);
  });

  it('formats minor units', () => {
    expect(formatMinor(19990)).toBe('199.90');
    expect(formatMinor(5)).toBe('0.05');
  });
});

describe('counters', () => {
  it('rolls a link up into link, batch, campaign and account', () => {
    expect(scopesOf(link).map((scope) => scope.kind)).toEqual(['link', 'batch', 'campaign', 'account']);
    expect(scopesOf({ ...link, batchId: null, campaignRef: null }).map((scope) => scope.kind)).toEqual([
      'link',
      'account',
    ]);
  });

  it('sums increments per row, on the day and for all time', () => {
    const plan = new CounterPlan();
    const at = new Date('2026-11-30T02:00:00Z');
    planFunnelStep(plan, link, at, Metric.Sent);
    planFunnelStep(plan, link, at, Metric.Sent);
    const rows = plan.sorted();
    // batch, campaign, account: 4 breakdown keys x 2 days; a per-recipient link keeps its steps on its own row
    expect(rows).toHaveLength(24);
    expect(rows.filter((row) => row.scope === 'link')).toEqual([]);
    const generic = new CounterPlan();
    planFunnelStep(generic, { ...link, recipientId: null }, at, Metric.Sent);
    expect(generic.sorted().filter((row) => row.scope === 'link')).toEqual([
      expect.objectContaining({ key: '', day: '1970-01-01', delta: 1 }),
    ]);
    expect(rows.every((row) => row.delta === 2)).toBe(true);
    expect(new Set(rows.map((row) => row.day))).toEqual(new Set(['2026-11-30', '1970-01-01']));
  });

  it('hands out rows in primary-key order whatever order they were added in', () => {
    const plan = new CounterPlan();
    const scopes: AttributionScope[] = [
      { kind: 'link', id: '9' },
      { kind: 'batch', id: 'b2' },
      { kind: 'account', id: 'acc' },
      { kind: 'batch', id: 'b10' },
      { kind: 'campaign', id: 'spring' },
    ];
    const days = [new Date('2026-11-30T02:00:00Z'), new Date('2026-11-28T20:00:00Z')];
    for (const account of ['acc-b', 'acc', 'acc-a'])
      for (const scope of scopes)
        for (const at of days)
          for (const [metric, key] of [
            ['clicks', 'human'],
            ['device', 'mobile'],
            ['clicks', 'bot'],
            ['device', ''],
          ] as const)
            plan.add(account, scope, at, metric, key);
    const rows = plan.sorted();
    const primaryKey = (row: CounterDelta) =>
      [row.accountId, row.scope, row.scopeId, row.day, row.metric, row.key].join('\u0000');
    const expected = [...rows].sort((a, b) => (primaryKey(a) < primaryKey(b) ? -1 : 1));
    expect(rows.map(primaryKey)).toEqual(expected.map(primaryKey));
    expect(new Set(rows.map(primaryKey)).size).toBe(rows.length);
    expect(plan.size).toBe(rows.length);
    // 3 accounts x (link: all time only; 4 other scopes: 2 days + all time) x 4 metric keys
    expect(rows).toHaveLength(3 * (1 + 4 * 3) * 4);
  });

  it('counts a non-human click by class and reason only', () => {
    const plan = new CounterPlan();
    planClick(plan, link, {
      clickId: 'c1',
      linkId: '42',
      accountId: 'acc',
      occurredAt: new Date('2026-11-30T02:00:00Z'),
      clickClass: 'preview',
      reason: 'wechat',
      device: 'mobile',
      os: 'iOS',
      browser: 'WeChat',
      province: '广东',
      city: '深圳',
    });
    const metrics = new Set(plan.sorted().map((row) => `${row.metric}/${row.key}`));
    expect(metrics).toEqual(new Set(['clicks/preview', 'non_human_reason/preview:wechat']));
  });
});

describe('analytics report', () => {
  it('shapes counters into clicks, heatmap, funnel with rates and conversions', () => {
    const report = buildAnalyticsReport([
      { metric: 'clicks', key: 'human', value: 8 },
      { metric: 'clicks', key: 'preview', value: 3 },
      { metric: 'clicks', key: 'bot', value: 1 },
      { metric: 'clicked', key: '', value: 5 },
      { metric: 'sent', key: '', value: 100 },
      { metric: 'delivered', key: '', value: 90 },
      { metric: 'converted', key: '', value: 2 },
      { metric: 'sent', key: 'carrier:CMCC', value: 60 },
      { metric: 'sent', key: 'carrier:CUCC', value: 40 },
      { metric: 'delivered', key: 'carrier:CMCC', value: 58 },
      { metric: 'clicked', key: 'carrier:CMCC', value: 5 },
      { metric: 'heatmap', key: 'd1h9', value: 6 },
      { metric: 'heatmap', key: 'd7h23', value: 2 },
      { metric: 'device', key: 'mobile', value: 7 },
      { metric: 'device', key: 'tablet', value: 1 },
      { metric: 'first_click_delay', key: 'lt_1m', value: 2 },
      { metric: 'first_click_delay', key: '1m_5m', value: 3 },
      { metric: 'conversions', key: '', value: 3 },
      { metric: 'conversions', key: 'event:purchase', value: 2 },
      { metric: 'conversion_value', key: '', value: 39980 },
      { metric: 'conversion_value', key: 'event:purchase', value: 39980 },
    ]);
    expect(report.clicks).toEqual({
      total: 12,
      human: 8,
      non_human: 4,
      by_class: { human: 8, preview: 3, scanner: 0, bot: 1 },
      non_human_reasons: {},
    });
    expect(report.unique_clickers).toBe(5);
    expect(report.heatmap.matrix[0]![9]).toBe(6);
    expect(report.heatmap.matrix[6]![23]).toBe(2);
    expect(Object.keys(report.devices)).toEqual(['mobile', 'tablet']);
    expect(report.funnel).toMatchObject({
      sent: 100,
      delivered: 90,
      clicked: 5,
      converted: 2,
      delivery_rate: 0.9,
      click_rate: 0.0556,
      conversion_rate: 0.4,
    });
    expect(report.funnel.by_carrier.map((row) => row.carrier)).toEqual(['CMCC', 'CUCC']);
    expect(report.funnel.by_carrier[1]).toMatchObject({ sent: 40, delivered: 0, click_rate: null });
    expect(report.first_click_delay).toMatchObject({ clickers: 5, median_seconds: 100 });
    expect(report.conversions).toEqual({
      count: 3,
      value: '399.80',
      value_minor: 39980,
      by_event: { purchase: { count: 2, value_minor: 39980 } },
    });
  });
});

describe('per-click counters', () => {
  const click = {
    clickId: 'c1',
    linkId: '42',
    accountId: 'acc',
    occurredAt: new Date('2026-11-30T02:00:00Z'),
    clickClass: 'human',
    reason: 'browser',
    device: 'mobile',
    os: 'iOS',
    browser: 'WeChat',
    province: '广东',
    city: '深圳',
  };

  it('keeps a per-recipient link to class counts and puts the detail on batch, campaign and account', () => {
    const plan = new CounterPlan();
    planClick(plan, link, click);
    const linkRows = plan.sorted().filter((row) => row.scope === 'link');
    expect(linkRows.map((row) => `${row.metric}/${row.key}`)).toEqual(['clicks/human']);
    const batchMetrics = new Set(
      plan
        .sorted()
        .filter((row) => row.scope === 'batch')
        .map((row) => row.metric),
    );
    expect(batchMetrics).toEqual(
      new Set(['clicks', 'heatmap', 'device', 'os', 'browser', 'geo_province', 'geo_city']),
    );
  });

  it('keeps the detail for a link made through the links API', () => {
    const plan = new CounterPlan();
    planClick(plan, { ...link, recipientId: null, batchId: null, campaignRef: null }, click);
    expect(plan.sorted().filter((row) => row.scope === 'link')).toHaveLength(7);
  });
});

describe('first click delay', () => {
  it('uses the link’s delivery time, else the writer’s delay, else nothing', () => {
    const at = new Date('2026-11-30T02:00:00Z');
    const keys = (plan: CounterPlan) =>
      plan
        .sorted()
        .filter((row) => row.scope === 'account' && row.day === '1970-01-01')
        .map((row) => row.key);
    const delivered = new CounterPlan();
    planFirstClickDelay(delivered, link, at, new Date(at.getTime() - 30_000), 999_999_999);
    expect(keys(delivered)).toEqual(['lt_1m']);
    const writer = new CounterPlan();
    planFirstClickDelay(writer, link, at, null, 7_200_000);
    expect(keys(writer)).toEqual(['1h_6h']);
    const none = new CounterPlan();
    planFirstClickDelay(none, link, at, null, null);
    expect(none.size).toBe(0);
  });
});

describe('a per-recipient link’s own steps', () => {
  it('stand for its funnel and first-click delay', () => {
    const delivered = new Date('2026-11-30T02:00:00Z');
    expect(
      linkStepCounters({
        sentAt: new Date('2026-11-30T01:59:58Z'),
        deliveredAt: delivered,
        firstHumanClickAt: new Date(delivered.getTime() + 90_000),
        convertedAt: null,
      }),
    ).toEqual([
      { metric: 'sent', key: '', value: 1 },
      { metric: 'delivered', key: '', value: 1 },
      { metric: 'clicked', key: '', value: 1 },
      { metric: 'first_click_delay', key: '1m_5m', value: 1 },
    ]);
    expect(
      linkStepCounters({ sentAt: null, deliveredAt: null, firstHumanClickAt: null, convertedAt: null }),
    ).toEqual([]);
  });
});
