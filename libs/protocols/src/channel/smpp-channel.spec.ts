import type * as net from 'node:net';
import { LoginRejectedError } from '../session/login-rejected-error';
import type { CarrierChannel } from './carrier-channel';
import type { ChannelConfig, ChannelStateEvent, DeliveryReport, InboundSms } from './channel-config';
import { createCarrierChannel } from './create-carrier-channel';

interface ServerPdu {
  command: string;
  command_status: number;
  sequence_number: number;
  system_id?: string;
  password?: string;
  destination_addr?: string;
  source_addr?: string;
  esm_class?: number;
  data_coding?: number;
  registered_delivery?: number;
  short_message?: { message: string | Buffer; udh?: Buffer[] };
  response(options?: Record<string, unknown>): ServerPdu;
}

interface ServerSession {
  socket: net.Socket;
  on(event: string, listener: (pdu: ServerPdu) => void): void;
  send(pdu: ServerPdu): void;
  deliver_sm(options: Record<string, unknown>): void;
  enquire_link(options: Record<string, unknown>, callback: (pdu: ServerPdu) => void): void;
  close(): void;
}

type SmppServer = net.Server;

// The interop peer is the `smpp` package's own server; it ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const smpp = require('smpp') as { createServer(listener: (session: ServerSession) => void): SmppServer };

describe('CarrierChannel over SMPP 3.4 against the smpp package server', () => {
  let server: SmppServer;
  let sessions: ServerSession[];
  let submits: ServerPdu[];
  let unbinds: number;
  let channel: CarrierChannel | undefined;

  beforeEach(async () => {
    sessions = [];
    submits = [];
    unbinds = 0;
    server = smpp.createServer((session) => {
      sessions.push(session);
      session.on('error', () => undefined);
      session.on('bind_transceiver', (pdu) => {
        const ok = pdu.system_id === 'esme1' && pdu.password === 'pw';
        session.send(pdu.response(ok ? { system_id: 'SMSC' } : { command_status: 0x0e }));
        if (!ok) session.close();
      });
      session.on('enquire_link', (pdu) => session.send(pdu.response()));
      session.on('unbind', (pdu) => {
        unbinds += 1;
        session.send(pdu.response());
        session.close();
      });
      session.on('submit_sm', (pdu) => {
        submits.push(pdu);
        const messageId = `MSG${submits.length}`;
        session.send(pdu.response({ message_id: messageId }));
        if (pdu.registered_delivery !== 1) return;
        session.deliver_sm({
          source_addr: pdu.destination_addr,
          destination_addr: pdu.source_addr,
          esm_class: 0x04,
          short_message: `id:${messageId} sub:001 dlvrd:001 submit date:2611221330 done date:2611221331 stat:DELIVRD err:000 text:`,
          receipted_message_id: messageId,
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    await channel?.close();
    channel = undefined;
    for (const session of sessions) session.socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function open(config: Partial<ChannelConfig> = {}): CarrierChannel {
    channel = createCarrierChannel({
      id: 'smpp-test',
      protocol: 'smpp',
      host: '127.0.0.1',
      port: (server.address() as net.AddressInfo).port,
      account: 'esme1',
      password: 'pw',
      sourceNumber: '10690',
      preferGbk: true,
      requestTimeoutMs: 2_000,
      reconnectInitialMs: 20,
      reconnectMaxMs: 200,
      ...config,
    });
    return channel;
  }

  it('binds as transceiver, submits Chinese as UCS2 (never 0x0F) and parses the delivery receipt', async () => {
    const c = open();
    await c.start();
    const report = new Promise<DeliveryReport>((resolve) => c.on('report', resolve));
    const result = await c.submit({
      reference: 's1',
      destination: '+8613800138000',
      text: '【通道】您好',
      requestReport: true,
    });
    expect(result).toMatchObject({
      ok: true,
      segments: [{ ok: true, carrierMessageId: 'MSG1', resultCode: 0 }],
    });
    expect(submits[0]).toMatchObject({
      destination_addr: '8613800138000',
      source_addr: '10690',
      data_coding: 8,
    });
    expect(submits[0].short_message?.message).toBe('【通道】您好');
    await expect(report).resolves.toMatchObject({
      carrierMessageId: 'MSG1',
      destination: '+8613800138000',
      stat: 'DELIVRD',
      delivered: true,
      errorCode: '000',
    });
  });

  it('marks long messages with esm_class UDHI and a shared reference', async () => {
    const c = open();
    await c.start();
    const text = 'A'.repeat(200);
    const result = await c.submit({
      reference: 's2',
      destination: '+8613800138000',
      text,
      requestReport: false,
    });
    expect(result.segments).toHaveLength(2);
    expect(submits.map((s) => (s.esm_class ?? 0) & 0x40)).toEqual([0x40, 0x40]);
    expect(submits.map((s) => s.data_coding)).toEqual([1, 1]);
    const udhs = submits.map((s) => s.short_message?.udh?.[0]);
    expect(udhs[0]?.[2]).toBe(udhs[1]?.[2]);
    expect([udhs[0]?.[4], udhs[1]?.[4]]).toEqual([1, 2]);
  });

  it('receives an MO deliver_sm', async () => {
    const c = open();
    await c.start();
    const inbound = new Promise<InboundSms>((resolve) => c.on('inbound', resolve));
    sessions[0].deliver_sm({
      source_addr: '8613900139000',
      destination_addr: '10690',
      data_coding: 8,
      short_message: '退订',
    });
    await expect(inbound).resolves.toMatchObject({ from: '+8613900139000', to: '10690', text: '退订' });
  });

  it('answers the SMSC enquire_link', async () => {
    const c = open();
    await c.start();
    const answer = new Promise<ServerPdu>((resolve) => sessions[0].enquire_link({}, resolve));
    await expect(answer).resolves.toMatchObject({ command: 'enquire_link_resp', command_status: 0 });
  });

  it('reports a refused bind with the SMPP command_status', async () => {
    const c = open({ password: 'nope' });
    const started = c.start();
    await expect(started).rejects.toBeInstanceOf(LoginRejectedError);
    await expect(started).rejects.toMatchObject({ protocol: 'smpp', status: 0x0e });
  });

  it('reconnects after the SMSC drops the link, and unbinds on close', async () => {
    const c = open();
    await c.start();
    const dropped = new Promise<void>((resolve) =>
      c.on('state', (event: ChannelStateEvent) => event.state === 'disconnected' && resolve()),
    );
    sessions[0].socket.destroy();
    await dropped;
    await expect(
      c.submit({ reference: 's3', destination: '+8613800138000', text: 'hi', requestReport: false }),
    ).resolves.toMatchObject({
      ok: true,
    });
    expect(sessions).toHaveLength(2);
    await c.close();
    expect(unbinds).toBe(1);
  });

  it('drops the link on garbage and binds again', async () => {
    const c = open();
    await c.start();
    const dropped = new Promise<string | undefined>((resolve) =>
      c.on('state', (event: ChannelStateEvent) => event.state === 'disconnected' && resolve(event.detail)),
    );
    sessions[0].socket.write(Buffer.from([0, 0, 0, 3, 9, 9, 9, 9]));
    await expect(dropped).resolves.toMatch(/garbage/);
    await expect(
      c.submit({ reference: 's4', destination: '+8613800138000', text: 'hi', requestReport: false }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });
});
