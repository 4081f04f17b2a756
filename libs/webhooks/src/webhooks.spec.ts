import { replyEventView } from './reply-event';
import { reportEventView } from './report-event';
import { retryDelayMs } from './retry-schedule';
import { webhookLaneOf } from './webhook-lane';
import { signatureHeader, signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const body = '[{"event_id":"x"}]';
  const now = 1_764_000_000;

  it('verifies what it signed, within the replay window only', async () => {
    const signature = signatureHeader(['secret'], now, body);
    await expect(
      Promise.resolve(
        verifyWebhookSignature({
          secret: 'secret',
          timestamp: String(now),
          signature,
          body,
          nowSeconds: now + 10,
        }),
      ),
    ).resolves.toEqual({ ok: true });
    expect(
      verifyWebhookSignature({
        secret: 'secret',
        timestamp: String(now),
        signature,
        body,
        nowSeconds: now + 301,
      }),
    ).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('refuses a changed body, timestamp or secret', () => {
    const signature = signatureHeader(['secret'], now, body);
    const check = (overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({
        secret: 'secret',
        timestamp: String(now),
        signature,
        body,
        nowSeconds: now,
        ...overrides,
      });
    expect(check({ body: body + ' ' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ timestamp: String(now + 1) })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ secret: 'other' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing' });
  });

  it('signs with every valid secret during a rotation', () => {
    const header = signatureHeader(['new', 'old'], now, body);
    expect(header.split(',')).toHaveLength(2);
    for (const secret of ['new', 'old'])
      expect(
        verifyWebhookSignature({ secret, timestamp: String(now), signature: header, body, nowSeconds: now })
          .ok,
      ).toBe(true);
  });

  it('is the HMAC-SHA256 of "timestamp.body" in hex (the documented recipe)', () => {
    // echo -n '1764000000.[{"event_id":"x"}]' | openssl dgst -sha256 -hmac secret
    expect(signWebhookBody('secret', now, body)).toMatch(/^[0-9a-f]{64}$/);
    expect(signWebhookBody('secret', now, Buffer.from(body))).toBe(signWebhookBody('secret', now, body));
  });
});

describe('retry schedule', () => {
  const schedule = { baseMs: 1000, maxMs: 60_000 };

  it('doubles with jitter and stops growing at the cap', () => {
    expect(retryDelayMs(1, schedule, () => 0)).toBe(500);
    expect(retryDelayMs(1, schedule, () => 1)).toBe(1000);
    expect(retryDelayMs(4, schedule, () => 1)).toBe(8000);
    expect(retryDelayMs(30, schedule, () => 1)).toBe(60_000);
    expect(retryDelayMs(30, schedule, () => 0)).toBe(30_000);
  });
});

describe('webhook lanes', () => {
  it('keeps one key on one lane and spreads keys over all lanes', () => {
    const keys = Array.from({ length: 400 }, (_, index) => `message-${index}`);
    const lanes = keys.map((key) => webhookLaneOf(key, 4));
    expect(new Set(lanes)).toEqual(new Set([0, 1, 2, 3]));
    expect(keys.map((key) => webhookLaneOf(key, 4))).toEqual(lanes);
    expect(webhookLaneOf('anything', 1)).toBe(0);
  });
});

describe('event views', () => {
  const base = {
    messageId: 'm1',
    accountId: 'a1',
    batchId: null,
    occurredAt: new Date('2026-01-01T00:00:02Z'),
    phone: '+8613800138000',
    clientRef: 'order-1',
    segments: 2,
    carrier: 'CMCC',
    submittedAt: new Date('2026-01-01T00:00:01Z'),
  };

  it('reports a delivery like an Aliyun receipt', () => {
    expect(
      reportEventView('e1', { ...base, status: 'DELIVERED', detail: { stats: ['DELIVRD', 'DELIVRD'] } }),
    ).toEqual({
      event_id: 'e1',
      type: 'report',
      message_id: 'm1',
      client_ref: 'order-1',
      account_id: 'a1',
      batch_id: null,
      phone_number: '+8613800138000',
      status: 'DELIVERED',
      success: true,
      carrier_stat: 'DELIVRD',
      err_code: null,
      err_msg: null,
      segments: 2,
      carrier: 'CMCC',
      occurred_at: '2026-01-01T00:00:02.000Z',
      send_time: '2026-01-01T00:00:01.000Z',
      report_time: '2026-01-01T00:00:02.000Z',
    });
  });

  it('names the failing stat or the reason', () => {
    const undelivered = reportEventView('e', {
      ...base,
      status: 'UNDELIVERED',
      detail: { stats: ['DELIVRD', 'MK:0001'] },
    });
    expect(undelivered).toMatchObject({ success: false, carrier_stat: 'MK:0001', err_code: 'MK:0001' });
    const failed = reportEventView('e', {
      ...base,
      status: 'FAILED',
      detail: { reason: 'NO_ROUTE', detail: 'no channel' },
    });
    expect(failed).toMatchObject({
      success: false,
      carrier_stat: null,
      err_code: 'NO_ROUTE',
      err_msg: 'no channel',
    });
    expect(reportEventView('e', { ...base, status: 'SUBMITTED', detail: null })).toMatchObject({
      success: null,
      report_time: null,
    });
  });

  it('shows a reply with its routing and action', () => {
    const view = replyEventView('r1', {
      id: '7',
      accountId: 'a1',
      phone: '+8613800138000',
      content: '1',
      receivedAt: new Date('2026-01-01T00:00:00Z'),
      extension: '10001',
      destination: '106900000110001',
      routedBy: 'extension',
      messageId: 'm1',
      clientRef: null,
      unsubscribe: false,
      actionKeyword: '1',
      actionName: 'claim_sample',
      complete: true,
    });
    expect(view).toMatchObject({
      reply_id: '7',
      dest_code: '10001',
      in_reply_to: { message_id: 'm1', client_ref: null },
      action: { keyword: '1', name: 'claim_sample' },
    });
  });
});
