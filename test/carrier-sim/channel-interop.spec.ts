import { CarrierSimulator, SgipGateway } from '@tongdao/carrier-sim';
import { LoginRejectedError } from '@tongdao/protocols/session/login-rejected-error';
import { CarrierChannel } from '@tongdao/protocols/channel/carrier-channel';
import {
  ChannelConfig,
  DeliveryReport,
  InboundSms,
  OutboundSms,
} from '@tongdao/protocols/channel/channel-config';
import { createCarrierChannel } from '@tongdao/protocols/channel/create-carrier-channel';
import { waitFor } from '@tongdao/testing';
import { controlRequest, startTestSimulator } from './support/test-simulator';

const ACCOUNTS = { cmpp3: '900001', cmpp2: '900001', sgip: 'tongdao', smgp: '12345678' } as const;
type Protocol = keyof typeof ACCOUNTS;

const sms = (reference: string, text = '【通道】您的验证码是 4321'): OutboundSms => ({
  reference,
  destination: '+8613800138000',
  text,
  requestReport: true,
});

function nextEvent<T>(
  channel: CarrierChannel,
  event: string,
  match: (value: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (value: T): void => {
      if (!match(value)) return;
      channel.off(event, listener);
      resolve(value);
    };
    channel.on(event, listener);
  });
}

describe.each(['cmpp3', 'cmpp2', 'sgip', 'smgp'] as const)(
  'CarrierChannel %s against the simulator',
  (protocol: Protocol) => {
    let simulator: CarrierSimulator;
    let channel: CarrierChannel | undefined;

    const open = async (overrides: Partial<ChannelConfig> = {}): Promise<CarrierChannel> => {
      channel = createCarrierChannel({
        id: `sim-${protocol}`,
        protocol,
        host: '127.0.0.1',
        port: simulator.gateway(protocol).port,
        account: ACCOUNTS[protocol],
        password: 'simpass1',
        spId: ACCOUNTS[protocol],
        serviceId: 'TONGDAO',
        sourceNumber: '1069000001',
        // Generous: an answer may take seconds on a loaded machine; the black-hole test sets its own short one.
        requestTimeoutMs: 10_000,
        reconnectInitialMs: 20,
        reconnectMaxMs: 100,
        ...(protocol === 'sgip'
          ? {
              sgip: {
                nodeId: 3_010_012_345,
                corpId: '12345',
                receiver: { host: '127.0.0.1', port: 0, account: 'tongdao', password: 'simpass1' },
              },
            }
          : {}),
        ...overrides,
      });
      await channel.start();
      const receiverPort = channel.inboundPort();
      if (receiverPort !== undefined) {
        (simulator.gateway('sgip') as SgipGateway).setReceiver({
          host: '127.0.0.1',
          port: receiverPort,
          account: 'tongdao',
          secret: 'simpass1',
        });
      }
      return channel;
    };

    beforeEach(async () => {
      simulator = await startTestSimulator();
    });

    afterEach(async () => {
      await channel?.close();
      channel = undefined;
      await simulator.stop();
    });

    it('submits and receives the status report under the same carrier id', async () => {
      const c = await open();
      const result = await c.submit(sms('r1'));
      expect(result.ok).toBe(true);
      const carrierId = result.segments[0].carrierMessageId as string;
      const report = await nextEvent<DeliveryReport>(c, 'report', (r) => r.carrierMessageId === carrierId);
      expect(report).toMatchObject({ stat: 'DELIVRD', delivered: true });
      const [received] = simulator.gateway(protocol).recorder.query();
      expect(received).toMatchObject({ text: '【通道】您的验证码是 4321', messageIds: [carrierId] });
    });

    it('delivers a long message exactly once', async () => {
      const c = await open();
      const text = '【通道】' + '会员日全场满减，'.repeat(15);
      await expect(c.submit(sms('long', text))).resolves.toMatchObject({ ok: true });
      expect(simulator.gateway(protocol).recorder.summary()).toMatchObject({
        messages: 1,
        duplicates: 0,
        incomplete: 0,
      });
      expect(simulator.gateway(protocol).recorder.query()[0].text).toBe(text);
    });

    it('surfaces a refused login', async () => {
      await expect(open({ password: 'wrong' })).rejects.toBeInstanceOf(LoginRejectedError);
    });

    it('holds submits beyond its window until the simulator answers', async () => {
      // Answers held long enough that the window is surely still full when the two submits are seen arriving.
      simulator.gateway(protocol).updateBehaviour({ submitLatency: { minMs: 3_000, maxMs: 3_000 } });
      const c = await open({ window: 2 });
      const pending = [1, 2, 3].map((i) => c.submit(sms(`w${i}`, `window ${i}`)));
      await waitFor(
        async () => simulator.gateway(protocol).stats.submits,
        (submits) => submits >= 2,
      );
      expect(simulator.gateway(protocol).stats.submits).toBe(2);
      expect(c.stats()).toMatchObject({ inFlight: 2, queued: 1 });
      const results = await Promise.all(pending);
      expect(results.every((r) => r.ok)).toBe(true);
    });

    it('times out against a black hole with a retryable failure', async () => {
      const c = await open({ requestTimeoutMs: 300 });
      simulator.gateway(protocol).updateBehaviour({ blackHole: true });
      await expect(c.submit(sms('bh'))).resolves.toMatchObject({
        ok: false,
        segments: [{ retryable: true, error: 'timeout' }],
      });
    });

    it('reconnects after the simulator drops the link and keeps sending', async () => {
      simulator.gateway(protocol).updateBehaviour({ dropAfterSubmits: 1 });
      const c = await open();
      await expect(c.submit(sms('d1', 'first'))).resolves.toMatchObject({ ok: true });
      await expect(c.submit(sms('d2', 'second'))).resolves.toMatchObject({
        ok: false,
        segments: [{ retryable: true }],
      });
      await expect(c.submit(sms('d3', 'third'))).resolves.toMatchObject({ ok: true });
      expect(simulator.gateway(protocol).stats.connectionsDropped).toBe(1);
    });

    it('passes an injected MO reply up as an inbound message', async () => {
      const c = await open();
      const inbound = nextEvent<InboundSms>(c, 'inbound');
      await controlRequest(simulator, 'POST', `/gateways/${protocol}/inbound`, {
        from: '13800138000',
        to: '1069000001',
        text: 'TD',
      });
      await expect(inbound).resolves.toMatchObject({ text: 'TD' });
    });
  },
);
