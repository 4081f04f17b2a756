import * as net from 'node:net';
import { FrameReader } from '../core';
import {
  SgipCommand,
  SgipLoginType,
  createSgipCodec,
  parseSgipSequence,
  type SgipPdu,
  type SgipSubmit,
} from '../sgip';
import { LoginRejectedError } from '../session/login-rejected-error';
import { ScriptedPeer } from '../session/__fixtures__/scripted-peer';
import type { CarrierChannel } from './carrier-channel';
import type { ChannelConfig, ChannelStateEvent, DeliveryReport, InboundSms } from './channel-config';
import { createCarrierChannel } from './create-carrier-channel';

const codec = createSgipCodec();

/** The carrier's SMG dialling into our receiver: a bare socket speaking SGIP. */
class SmgClient {
  readonly received: SgipPdu[] = [];
  private constructor(private readonly socket: net.Socket) {
    const reader = new FrameReader(codec, {
      onPdu: (pdu) => this.received.push(pdu),
      onError: () => socket.destroy(),
    });
    socket.on('data', (chunk) => reader.push(chunk));
  }

  static async connect(port: number): Promise<SmgClient> {
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    return new SmgClient(socket);
  }

  send(pdu: SgipPdu): void {
    this.socket.write(codec.encode(pdu));
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  async next(commandId: SgipCommand): Promise<SgipPdu> {
    // Polls for the condition with a generous deadline: a loaded machine may take seconds, never a wrong answer.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const found = this.received.find((pdu) => pdu.commandId === commandId);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no 0x${commandId.toString(16)} received`);
  }

  closed(): Promise<void> {
    return new Promise((resolve) =>
      this.socket.destroyed ? resolve() : this.socket.once('close', () => resolve()),
    );
  }

  destroy(): void {
    this.socket.destroy();
  }
}

const seq = (sequence: number) => ({ nodeId: 3000012345, timestamp: 1122133000, sequence });

describe('CarrierChannel over SGIP 1.2', () => {
  let smg: ScriptedPeer<SgipPdu>;
  let channel: CarrierChannel | undefined;
  const submits: SgipSubmit[] = [];

  async function setup(config: Partial<ChannelConfig> = {}) {
    submits.length = 0;
    smg = await ScriptedPeer.listen<SgipPdu>(codec, (pdu, connection) => {
      switch (pdu.commandId) {
        case SgipCommand.Bind: {
          const ok =
            pdu.loginName === 'sp01' &&
            pdu.loginPassword === 'pw01' &&
            pdu.loginType === SgipLoginType.SpToSmg;
          connection.send({ commandId: SgipCommand.BindResp, sequence: pdu.sequence, result: ok ? 0 : 1 });
          return;
        }
        case SgipCommand.Submit:
          submits.push(pdu);
          connection.send({ commandId: SgipCommand.SubmitResp, sequence: pdu.sequence, result: 0 });
          return;
        case SgipCommand.Unbind:
          connection.send({ commandId: SgipCommand.UnbindResp, sequence: pdu.sequence });
          connection.socket.end();
          return;
        default:
          return;
      }
    });
    channel = createCarrierChannel({
      id: 'sgip-test',
      protocol: 'sgip',
      host: '127.0.0.1',
      port: smg.port,
      account: 'sp01',
      password: 'pw01',
      sourceNumber: '10655',
      serviceId: 'SVC',
      sgip: {
        nodeId: 3000012345,
        corpId: '12345',
        receiver: { host: '127.0.0.1', port: 0, account: 'smg', password: 'smgpw' },
      },
      requestTimeoutMs: 2_000,
      reconnectInitialMs: 20,
      reconnectMaxMs: 200,
      ...config,
    });
    return channel;
  }

  function receiverPort(c: CarrierChannel): number {
    return c.inboundPort() as number;
  }

  afterEach(async () => {
    await channel?.close();
    channel = undefined;
    await smg.close();
  });

  it('binds, submits with the 86 prefix and correlates the report sent to our receiver', async () => {
    const c = await setup();
    await c.start();
    const result = await c.submit({
      reference: 'a',
      destination: '+8613012345678',
      text: '您好',
      requestReport: true,
    });
    expect(result.ok).toBe(true);
    expect(submits[0]).toMatchObject({
      userNumbers: ['8613012345678'],
      spNumber: '10655',
      corpId: '12345',
      messageCoding: 8,
      reportFlag: 1,
      tpUdhi: 0,
    });
    const carrierMessageId = result.segments[0].carrierMessageId as string;
    expect(parseSgipSequence(carrierMessageId)).toEqual(submits[0].sequence);

    const report = new Promise<DeliveryReport>((resolve) => c.on('report', resolve));
    const client = await SmgClient.connect(receiverPort(c));
    client.send({
      commandId: SgipCommand.Bind,
      sequence: seq(1),
      loginType: 2,
      loginName: 'smg',
      loginPassword: 'smgpw',
    });
    await expect(client.next(SgipCommand.BindResp)).resolves.toMatchObject({ result: 0 });
    client.send({
      commandId: SgipCommand.Report,
      sequence: seq(2),
      submitSequence: submits[0].sequence,
      reportType: 0,
      userNumber: '8613012345678',
      state: 0,
      errorCode: 0,
    });
    await expect(report).resolves.toMatchObject({
      carrierMessageId,
      destination: '+8613012345678',
      stat: 'DELIVRD',
      delivered: true,
    });
    await expect(client.next(SgipCommand.ReportResp)).resolves.toMatchObject({ sequence: seq(2), result: 0 });
    client.send({ commandId: SgipCommand.Unbind, sequence: seq(3) });
    await expect(client.next(SgipCommand.UnbindResp)).resolves.toBeDefined();
    await client.closed();
  });

  it('receives MO messages through the receiver, long ones reassembled', async () => {
    const c = await setup();
    await c.start();
    const inbound = new Promise<InboundSms>((resolve) => c.on('inbound', resolve));
    const client = await SmgClient.connect(receiverPort(c));
    client.send({
      commandId: SgipCommand.Bind,
      sequence: seq(1),
      loginType: 2,
      loginName: 'smg',
      loginPassword: 'smgpw',
    });
    await client.next(SgipCommand.BindResp);
    const part = (index: number, text: string) =>
      Buffer.concat([Buffer.from([5, 0, 3, 7, 2, index]), Buffer.from(text, 'latin1')]);
    const deliver = (sequence: number, content: Buffer): SgipPdu => ({
      commandId: SgipCommand.Deliver,
      sequence: seq(sequence),
      userNumber: '8613012345678',
      spNumber: '10655',
      tpPid: 0,
      tpUdhi: 1,
      messageCoding: 0,
      messageContent: content,
    });
    client.send(deliver(2, part(2, 'world')));
    client.send(deliver(3, part(1, 'hello ')));
    await expect(inbound).resolves.toMatchObject({
      from: '+8613012345678',
      to: '10655',
      text: 'hello world',
    });
    client.destroy();
  });

  it('with deferInboundAck, answers the Deliver of each part only once the reply is acknowledged', async () => {
    const c = await setup({ deferInboundAck: true });
    await c.start();
    let ack: (() => void) | undefined;
    const inbound = new Promise<InboundSms>((resolve) =>
      c.on('inbound', (message: InboundSms, acknowledge: () => void) => {
        ack = acknowledge;
        resolve(message);
      }),
    );
    const client = await SmgClient.connect(receiverPort(c));
    client.send({
      commandId: SgipCommand.Bind,
      sequence: seq(1),
      loginType: 2,
      loginName: 'smg',
      loginPassword: 'smgpw',
    });
    await client.next(SgipCommand.BindResp);
    const deliver = (sequence: number, index: number, text: string): SgipPdu => ({
      commandId: SgipCommand.Deliver,
      sequence: seq(sequence),
      userNumber: '8613012345678',
      spNumber: '1065512345',
      tpPid: 0,
      tpUdhi: 1,
      messageCoding: 0,
      messageContent: Buffer.concat([Buffer.from([5, 0, 3, 9, 2, index]), Buffer.from(text, 'latin1')]),
    });
    client.send(deliver(2, 1, 'T'));
    client.send(deliver(3, 2, 'D'));
    await expect(inbound).resolves.toMatchObject({ text: 'TD', to: '1065512345', serviceNumber: '10655' });
    // A report sent after both parts is answered at once; answers go out in order, so none for the parts yet.
    client.send({
      commandId: SgipCommand.Report,
      sequence: seq(4),
      submitSequence: seq(99),
      reportType: 0,
      userNumber: '8613012345678',
      state: 0,
      errorCode: 0,
    });
    await client.next(SgipCommand.ReportResp);
    expect(client.received.filter((pdu) => pdu.commandId === SgipCommand.DeliverResp)).toHaveLength(0);
    ack!();
    const answers = (): number =>
      client.received.filter((pdu) => pdu.commandId === SgipCommand.DeliverResp).length;
    const deadline = Date.now() + 20_000;
    while (answers() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answers()).toBe(2);
    client.destroy();
  });

  it('refuses an SMG bind with wrong credentials', async () => {
    const c = await setup();
    await c.start();
    const client = await SmgClient.connect(receiverPort(c));
    client.send({
      commandId: SgipCommand.Bind,
      sequence: seq(1),
      loginType: 2,
      loginName: 'smg',
      loginPassword: 'nope',
    });
    await expect(client.next(SgipCommand.BindResp)).resolves.toMatchObject({ result: 1 });
    await client.closed();
  });

  it('closes a receiver connection that sends garbage, and keeps serving others', async () => {
    const c = await setup();
    await c.start();
    const bad = await SmgClient.connect(receiverPort(c));
    bad.sendRaw(Buffer.alloc(24, 0xee));
    await bad.closed();
    const good = await SmgClient.connect(receiverPort(c));
    good.send({
      commandId: SgipCommand.Bind,
      sequence: seq(1),
      loginType: 2,
      loginName: 'smg',
      loginPassword: 'smgpw',
    });
    await expect(good.next(SgipCommand.BindResp)).resolves.toMatchObject({ result: 0 });
    good.destroy();
  });

  it('reports a refused bind with the SGIP result code', async () => {
    const c = await setup({ password: 'wrong' });
    await expect(c.start()).rejects.toEqual(expect.any(LoginRejectedError));
    await expect(c.start()).rejects.toMatchObject({ protocol: 'sgip', status: 1 });
  });

  it('reconnects after a drop and unbinds on close', async () => {
    const c = await setup();
    await c.start();
    const dropped = new Promise<void>((resolve) =>
      c.on('state', (event: ChannelStateEvent) => event.state === 'disconnected' && resolve()),
    );
    smg.openConnections[0].destroy();
    await dropped;
    await expect(
      c.submit({ reference: 'b', destination: '+8613012345678', text: 'hi', requestReport: false }),
    ).resolves.toMatchObject({
      ok: true,
    });
    expect(submits[0].reportFlag).toBe(2);
    await c.close();
    expect(smg.count((p) => p.commandId === SgipCommand.Unbind)).toBe(1);
  });

  it('closes the client connection on garbage and binds again', async () => {
    const c = await setup();
    await c.start();
    const dropped = new Promise<string | undefined>((resolve) =>
      c.on('state', (event: ChannelStateEvent) => event.state === 'disconnected' && resolve(event.detail)),
    );
    smg.openConnections[0].sendRaw(Buffer.from([0, 0, 0, 5, 0, 0, 0, 0]));
    await expect(dropped).resolves.toMatch(/garbage/);
    await expect(
      c.submit({ reference: 'c', destination: '+8613012345678', text: 'hi', requestReport: true }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });
});
