import { buildConcatUdh, encodeText } from '@tongdao/sms';
import { CmppCommand, type CmppPdu } from '../cmpp';
import { LoginRejectedError } from '../session/login-rejected-error';
import { CarrierChannel } from './carrier-channel';
import type {
  ChannelConfig,
  ChannelStateEvent,
  DeliveryReport,
  InboundSms,
  OutboundSms,
} from './channel-config';
import { createCarrierChannel } from './create-carrier-channel';
import { CmppTestGateway, type CmppTestGatewayOptions } from './__fixtures__/cmpp-test-gateway';

const sms = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  reference: 'r1',
  destination: '+8613800138000',
  text: 'Your code is 1234',
  requestReport: true,
  ...overrides,
});

function nextState(channel: CarrierChannel, state: string): Promise<ChannelStateEvent> {
  return new Promise((resolve) => {
    const listener = (event: ChannelStateEvent): void => {
      if (event.state !== state) return;
      channel.off('state', listener);
      resolve(event);
    };
    channel.on('state', listener);
  });
}

describe('CarrierChannel over CMPP 3.0 (loopback gateway)', () => {
  let gateway: CmppTestGateway;
  let channel: CarrierChannel | undefined;

  async function setup(
    gatewayOptions: Partial<CmppTestGatewayOptions> = {},
    config: Partial<ChannelConfig> = {},
  ) {
    gateway = await CmppTestGateway.start({
      version: 3,
      account: '900001',
      password: '888888',
      ...gatewayOptions,
    });
    channel = createCarrierChannel({
      id: 'cmpp-test',
      protocol: 'cmpp3',
      host: '127.0.0.1',
      port: gateway.port,
      account: '900001',
      password: '888888',
      sourceNumber: '1069001',
      serviceId: 'TEST',
      requestTimeoutMs: 2_000,
      reconnectInitialMs: 20,
      reconnectMaxMs: 200,
      ...config,
    });
    return channel;
  }

  afterEach(async () => {
    await channel?.close();
    channel = undefined;
    await gateway.close();
  });

  it('logs in, submits and receives the status report', async () => {
    const c = await setup({ reports: true });
    await c.start();
    expect(c.isReady()).toBe(true);
    const report = new Promise<DeliveryReport>((resolve) => c.on('report', resolve));
    const result = await c.submit(sms({ sourceExtension: '88' }));
    expect(result.ok).toBe(true);
    expect(result.segments).toHaveLength(1);
    const submit = gateway.submits[0];
    expect(submit).toMatchObject({
      destTerminalIds: ['13800138000'],
      srcId: '106900188',
      msgFmt: 0,
      tpUdhi: 0,
      registeredDelivery: 1,
      msgSrc: '900001',
    });
    await expect(report).resolves.toMatchObject({
      channelId: 'cmpp-test',
      carrierMessageId: result.segments[0].carrierMessageId,
      destination: '+8613800138000',
      stat: 'DELIVRD',
      delivered: true,
    });
    await gateway.peer.waitFor(
      () => gateway.peer.count((p) => p.commandId === CmppCommand.DeliverResp) === 1,
    );
  });

  it('reports a refused login with CMPP status 3', async () => {
    const c = await setup({}, { password: 'wrong!' });
    const started = c.start();
    await expect(started).rejects.toBeInstanceOf(LoginRejectedError);
    await expect(started).rejects.toMatchObject({ protocol: 'cmpp3', status: 3 });
    expect(c.isReady()).toBe(false);
  });

  it('splits long Chinese text into UCS2 segments with TP_udhi and Pk fields', async () => {
    const c = await setup();
    await c.start();
    const text = '【通道】' + '您的订单已发货，请注意查收。'.repeat(8);
    const result = await c.submit(sms({ text }));
    expect(result.ok).toBe(true);
    expect(result.segments.map((s) => [s.index, s.total])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    const [first, second] = gateway.submits;
    expect(first).toMatchObject({ msgFmt: 8, tpUdhi: 1, pkTotal: 2, pkNumber: 1 });
    expect(second).toMatchObject({ msgFmt: 8, tpUdhi: 1, pkTotal: 2, pkNumber: 2 });
    expect(first.msgContent.subarray(0, 3)).toEqual(Buffer.from([0x05, 0x00, 0x03]));
    expect(first.msgContent[3]).toBe(second.msgContent[3]);
    expect(first.msgContent.length).toBeLessThanOrEqual(140);
  });

  it('uses a 16-bit concatenation reference (IEI 0x08) when the channel asks for it', async () => {
    const c = await setup({}, { concatReferenceBits: 16 });
    await c.start();
    const text = '【通道】' + '您的订单已发货，请注意查收。'.repeat(8);
    await expect(c.submit(sms({ text }))).resolves.toMatchObject({ ok: true });
    const [first, second] = gateway.submits;
    expect(first.msgContent.subarray(0, 3)).toEqual(Buffer.from([0x06, 0x08, 0x04]));
    expect(first.msgContent.readUInt16BE(3)).toBe(second.msgContent.readUInt16BE(3));
    expect([first.msgContent[5], first.msgContent[6], second.msgContent[6]]).toEqual([2, 1, 2]);
    expect(first.msgContent.length).toBeLessThanOrEqual(140);
  });

  it('uses GBK (Msg_Fmt 15) when the channel prefers it', async () => {
    const c = await setup({}, { preferGbk: true });
    await c.start();
    await c.submit(sms({ text: '【通道】验证码 1234' }));
    expect(gateway.submits[0].msgFmt).toBe(15);
    expect(gateway.submits[0].msgContent).toEqual(encodeText('【通道】验证码 1234', 'GBK'));
  });

  it('lets a 17th request wait until a response frees a slot in a window of 16', async () => {
    const c = await setup({ holdSubmits: true }, { window: 16 });
    await c.start();
    const pending = Array.from({ length: 17 }, (_, i) => c.submit(sms({ reference: `r${i}` })));
    await gateway.peer.waitFor(() => gateway.held.length === 16);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gateway.submits).toHaveLength(16);
    expect(c.stats()).toMatchObject({ connections: 1, ready: 1, inFlight: 16, queued: 1, retiring: 0 });
    gateway.answerHeld(1);
    await gateway.peer.waitFor(() => gateway.submits.length === 17);
    gateway.answerHeld();
    const results = await Promise.all(pending);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('withdraws queued submits when their signal aborts, and nothing of them reaches the gateway', async () => {
    const c = await setup({ holdSubmits: true }, { window: 2 });
    await c.start();
    const controller = new AbortController();
    const pending = Array.from({ length: 4 }, (_, i) =>
      c.submit(sms({ reference: `r${i}`, destination: `+861380013800${i}` }), { signal: controller.signal }),
    );
    await gateway.peer.waitFor(() => gateway.held.length === 2);
    controller.abort('breaker opened');
    gateway.answerHeld();
    const results = await Promise.all(pending);
    expect(results.map((result) => result.segments[0]!.error ?? 'ok')).toEqual([
      'ok',
      'ok',
      'withdrawn',
      'withdrawn',
    ]);
    expect(results[2]!.segments[0]).toMatchObject({ ok: false, retryable: true, resultCode: -1 });
    expect(gateway.submits).toHaveLength(2);
    expect(c.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('lets queued verification codes overtake queued marketing in the window queue', async () => {
    const c = await setup({ holdSubmits: true }, { window: 1 });
    await c.start();
    const first = c.submit(sms({ reference: 'first', destination: '+8613800000000', priority: 2 }));
    await gateway.peer.waitFor(() => gateway.held.length === 1);
    const marketing = [1, 2, 3].map((i) => c.submit(sms({ destination: `+861380000000${i}`, priority: 2 })));
    const otp = c.submit(sms({ destination: '+8613900000009', priority: 0 }));
    for (let answered = 1; answered <= 5; answered += 1) {
      await gateway.peer.waitFor(() => gateway.held.length === 1);
      gateway.answerHeld();
      if (answered < 5) await gateway.peer.waitFor(() => gateway.submits.length === answered + 1);
    }
    await Promise.all([first, otp, ...marketing]);
    expect(gateway.submits.map((submit) => submit.destTerminalIds[0])).toEqual([
      '13800000000',
      '13900000009',
      '13800000001',
      '13800000002',
      '13800000003',
    ]);
  });

  it('appends the channel extension code to the sender number, before the message’s own', async () => {
    const c = await setup({}, { extensionCode: '55' });
    await c.start();
    await c.submit(sms({ sourceExtension: '88' }));
    expect(gateway.submits[0]!.srcId).toBe('10690015588');
  });

  it('resizes its connections: opens more, and lets the surplus finish in-flight submits before closing', async () => {
    const c = await setup({ holdSubmits: true }, { connections: 1 });
    await c.start();
    await c.resize(3);
    await gateway.peer.waitFor(() => c.stats().ready === 3);
    const inFlight = Array.from({ length: 3 }, (_, i) => c.submit(sms({ destination: `+861380013800${i}` })));
    await gateway.peer.waitFor(() => gateway.held.length === 3);
    const shrinking = c.resize(1);
    expect(c.stats()).toMatchObject({ connections: 1, retiring: 2 });
    gateway.answerHeld();
    await shrinking;
    const results = await Promise.all(inFlight);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(c.stats()).toMatchObject({ connections: 1, ready: 1, retiring: 0 });
    expect(gateway.peer.openConnections).toHaveLength(1);
  });

  it('drops every connection on demand, failing what is on the wire as unconfirmed', async () => {
    const c = await setup({ holdSubmits: true });
    await c.start();
    const inFlight = c.submit(sms());
    await gateway.peer.waitFor(() => gateway.held.length === 1);
    expect(c.stats().oldestPendingMs).toBeGreaterThanOrEqual(0);
    c.dropConnections('stalled');
    await expect(inFlight).resolves.toMatchObject({ segments: [{ error: 'connection_lost' }] });
  });

  it('reports a request timeout as a retryable failure', async () => {
    const c = await setup({ holdSubmits: true }, { requestTimeoutMs: 100 });
    await c.start();
    await expect(c.submit(sms())).resolves.toMatchObject({
      ok: false,
      segments: [{ ok: false, resultCode: -1, retryable: true, error: 'timeout' }],
    });
  });

  it('fails in-flight submits as connection_lost on a drop, reconnects and continues', async () => {
    const c = await setup({ holdSubmits: true });
    await c.start();
    const inFlight = c.submit(sms());
    await gateway.peer.waitFor(() => gateway.held.length === 1);
    gateway.held.splice(0);
    gateway.peer.openConnections[0].destroy();
    await expect(inFlight).resolves.toMatchObject({
      ok: false,
      segments: [{ error: 'connection_lost', retryable: true }],
    });
    gateway.options.holdSubmits = false;
    await expect(c.submit(sms())).resolves.toMatchObject({ ok: true });
    expect(gateway.peer.connections.length).toBe(2);
  });

  it('answers the gateway ACTIVE_TEST', async () => {
    const c = await setup();
    await c.start();
    gateway.peer.openConnections[0].send({ commandId: CmppCommand.ActiveTest, sequenceId: 4242 });
    await gateway.peer.waitFor(() =>
      gateway.peer.received.some(
        (p: CmppPdu) => p.commandId === CmppCommand.ActiveTestResp && p.sequenceId === 4242,
      ),
    );
  });

  it('drops the link after missed keep-alives and logs in again', async () => {
    const c = await setup({ ignoreActiveTests: true }, { keepAliveIntervalMs: 40, keepAliveMaxMissed: 2 });
    await c.start();
    const dropped = nextState(c, 'disconnected');
    await expect(dropped).resolves.toMatchObject({
      connection: 0,
      detail: expect.stringMatching(/keep-alive/),
    });
    expect(gateway.peer.count((p) => p.commandId === CmppCommand.ActiveTest)).toBe(2);
    await nextState(c, 'ready');
  });

  it('closes gracefully: drains in-flight submits, then sends CMPP_TERMINATE', async () => {
    const c = await setup({ holdSubmits: true });
    await c.start();
    const inFlight = c.submit(sms());
    await gateway.peer.waitFor(() => gateway.held.length === 1);
    const closing = c.close();
    await expect(c.submit(sms())).rejects.toThrow(/closed/);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(gateway.peer.count((p) => p.commandId === CmppCommand.Terminate)).toBe(0);
    gateway.answerHeld();
    await expect(inFlight).resolves.toMatchObject({ ok: true });
    await closing;
    expect(gateway.peer.count((p) => p.commandId === CmppCommand.Terminate)).toBe(1);
  });

  it('closes the connection on a garbage frame and reconnects without crashing', async () => {
    const c = await setup();
    await c.start();
    const dropped = nextState(c, 'disconnected');
    gateway.peer.openConnections[0].sendRaw(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]));
    await expect(dropped).resolves.toMatchObject({ detail: expect.stringMatching(/garbage/) });
    await nextState(c, 'ready');
    await expect(c.submit(sms())).resolves.toMatchObject({ ok: true });
  });

  it('reassembles a long MO message whose parts arrive out of order', async () => {
    const c = await setup();
    await c.start();
    const inbound = new Promise<InboundSms>((resolve) => c.on('inbound', resolve));
    const part = (index: number, text: string): Buffer =>
      Buffer.concat([
        buildConcatUdh({ reference: 9, referenceBits: 8, total: 2, index }),
        encodeText(text, 'UCS2'),
      ]);
    gateway.deliverMo('13900139000', 8, part(2, '退订'), 1);
    gateway.deliverMo('13900139000', 8, part(1, '回复TD'), 1);
    await expect(inbound).resolves.toMatchObject({
      channelId: 'cmpp-test',
      from: '+8613900139000',
      to: '1069001',
      text: '回复TD退订',
    });
  });

  it('answers the parts of a long MO only once the listener acknowledges the whole reply', async () => {
    const c = await setup({}, { deferInboundAck: true });
    await c.start();
    let ack: (() => void) | undefined;
    const inbound = new Promise<InboundSms>((resolve) =>
      c.on('inbound', (message: InboundSms, acknowledge: () => void) => {
        ack = acknowledge;
        resolve(message);
      }),
    );
    const part = (index: number, text: string): Buffer =>
      Buffer.concat([
        buildConcatUdh({ reference: 11, referenceBits: 8, total: 2, index }),
        encodeText(text, 'UCS2'),
      ]);
    const answered = (): number => gateway.peer.count((p) => p.commandId === CmppCommand.DeliverResp);
    gateway.deliverMo('13900139000', 8, part(1, '回复'), 1);
    gateway.deliverMo('13900139000', 8, part(2, 'TD'), 1);
    await expect(inbound).resolves.toMatchObject({ text: '回复TD', serviceNumber: '1069001' });
    // Both parts were read; a submit on the same connection arrives after anything written before it, and still
    // neither part is answered while the reply is not stored.
    await expect(c.submit(sms())).resolves.toMatchObject({ ok: true });
    expect(answered()).toBe(0);
    ack!();
    await gateway.peer.waitFor(() => answered() === 2);
  });

  it('emits what arrived of a long MO message once the reassembly timeout passes', async () => {
    const c = await setup({}, { moReassemblyTimeoutMs: 50 });
    await c.start();
    const inbound = new Promise<InboundSms>((resolve) => c.on('inbound', resolve));
    const part = Buffer.concat([
      buildConcatUdh({ reference: 3, referenceBits: 8, total: 3, index: 1 }),
      Buffer.from('TD'),
    ]);
    gateway.deliverMo('13900139000', 0, part, 1);
    await expect(inbound).resolves.toMatchObject({ text: 'TD' });
  });

  it('spreads submits over several connections', async () => {
    const c = await setup({ holdSubmits: true }, { connections: 2, window: 1 });
    await c.start();
    await new Promise<void>((resolve) => {
      const check = (): void => (c.stats().ready === 2 ? resolve() : void setTimeout(check, 5));
      check();
    });
    const pending = [c.submit(sms()), c.submit(sms())];
    await gateway.peer.waitFor(() => gateway.held.length === 2);
    expect(new Set(gateway.held.map((h) => h.connection)).size).toBe(2);
    gateway.answerHeld();
    await Promise.all(pending);
  });

  it('rejects numbers that are not E.164', async () => {
    const c = await setup();
    await c.start();
    await expect(c.submit(sms({ destination: '13800138000' }))).rejects.toMatchObject({
      name: 'InvalidOutboundSmsError',
      field: 'destination',
    });
  });
});

describe('CarrierChannel over CMPP 2.0', () => {
  it('logs in with version 0x20 and gets status reports', async () => {
    const gateway = await CmppTestGateway.start({
      version: 2,
      account: '900001',
      password: '888888',
      reports: true,
    });
    const channel = createCarrierChannel({
      id: 'cmpp2-test',
      protocol: 'cmpp2',
      host: '127.0.0.1',
      port: gateway.port,
      account: '900001',
      password: '888888',
      sourceNumber: '1069001',
    });
    try {
      await channel.start();
      const report = new Promise<DeliveryReport>((resolve) => channel.on('report', resolve));
      await expect(channel.submit(sms())).resolves.toMatchObject({ ok: true });
      await expect(report).resolves.toMatchObject({ delivered: true, destination: '+8613800138000' });
      expect(gateway.peer.received.find((p) => p.commandId === CmppCommand.Connect)).toMatchObject({
        version: 0x20,
      });
    } finally {
      await channel.close();
      await gateway.close();
    }
  });
});
