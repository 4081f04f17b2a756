import { encodeText } from '@tongdao/sms';
import {
  SmgpCommand,
  SmgpMsgIdGenerator,
  SmgpTlvTag,
  createSmgpCodec,
  formatSmgpMsgId,
  smgpAuthenticatorClient,
  smgpPkNumber,
  smgpPkTotal,
  smgpTpUdhi,
  type SmgpPdu,
  type SmgpSubmit,
} from '../smgp';
import { LoginRejectedError } from '../session/login-rejected-error';
import { ScriptedPeer } from '../session/__fixtures__/scripted-peer';
import type { CarrierChannel } from './carrier-channel';
import type { ChannelConfig, ChannelStateEvent, DeliveryReport, InboundSms } from './channel-config';
import { createCarrierChannel } from './create-carrier-channel';

describe('CarrierChannel over SMGP 3.0', () => {
  let smgw: ScriptedPeer<SmgpPdu>;
  let channel: CarrierChannel | undefined;
  const submits: SmgpSubmit[] = [];
  const msgIds = new SmgpMsgIdGenerator('123456');
  let answerActiveTests = true;

  async function setup(config: Partial<ChannelConfig> = {}) {
    submits.length = 0;
    answerActiveTests = true;
    smgw = await ScriptedPeer.listen<SmgpPdu>(createSmgpCodec(), (pdu, connection) => {
      switch (pdu.commandId) {
        case SmgpCommand.Login: {
          const expected = smgpAuthenticatorClient('10001', 'secret', pdu.timestamp);
          const ok =
            pdu.clientId === '10001' && expected.equals(pdu.authenticatorClient) && pdu.loginMode === 2;
          connection.send({
            commandId: SmgpCommand.LoginResp,
            sequenceId: pdu.sequenceId,
            status: ok ? 0 : 21,
            authenticatorServer: Buffer.alloc(16),
            serverVersion: 0x30,
          });
          return;
        }
        case SmgpCommand.Submit: {
          submits.push(pdu);
          const msgId = msgIds.next();
          connection.send({
            commandId: SmgpCommand.SubmitResp,
            sequenceId: pdu.sequenceId,
            msgId,
            status: 0,
          });
          if (pdu.needReport !== 1) return;
          connection.send({
            commandId: SmgpCommand.Deliver,
            sequenceId: 900 + submits.length,
            msgId: msgIds.next(),
            isReport: 1,
            msgFormat: 0,
            recvTime: '20261122133000',
            srcTermId: pdu.destTermIds[0],
            destTermId: pdu.srcTermId,
            tlvs: [],
            report: {
              msgId,
              sub: '001',
              dlvrd: '001',
              submitDate: '2611221330',
              doneDate: '2611221331',
              stat: 'UNDELIV',
              err: '006',
              text: '',
            },
          });
          return;
        }
        case SmgpCommand.ActiveTest:
          if (answerActiveTests)
            connection.send({ commandId: SmgpCommand.ActiveTestResp, sequenceId: pdu.sequenceId });
          return;
        case SmgpCommand.Exit:
          connection.send({ commandId: SmgpCommand.ExitResp, sequenceId: pdu.sequenceId });
          connection.socket.end();
          return;
        default:
          return;
      }
    });
    channel = createCarrierChannel({
      id: 'smgp-test',
      protocol: 'smgp',
      host: '127.0.0.1',
      port: smgw.port,
      account: '10001',
      password: 'secret',
      sourceNumber: '106590',
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
    await smgw.close();
  });

  it('logs in, submits a long message with TP_udhi/PkTotal/PkNumber TLVs and gets failure reports', async () => {
    const c = await setup();
    await c.start();
    const reports: DeliveryReport[] = [];
    c.on('report', (report: DeliveryReport) => reports.push(report));
    const text = '【电信】' + '尊敬的用户，您的账单已出。'.repeat(8);
    const result = await c.submit({
      reference: 'x',
      destination: '+8618912345678',
      text,
      requestReport: true,
    });
    expect(result.ok).toBe(true);
    expect(submits).toHaveLength(2);
    expect(submits.map((s) => [smgpTpUdhi(s.tlvs), smgpPkTotal(s.tlvs), smgpPkNumber(s.tlvs)])).toEqual([
      [1, 2, 1],
      [1, 2, 2],
    ]);
    expect(submits[0]).toMatchObject({
      destTermIds: ['18912345678'],
      srcTermId: '106590',
      msgFormat: 8,
      msgType: 6,
    });
    await smgw.waitFor(() => reports.length === 2);
    expect(reports[0]).toMatchObject({
      carrierMessageId: result.segments[0].carrierMessageId,
      destination: '+8618912345678',
      stat: 'UNDELIV',
      delivered: false,
      errorCode: '006',
    });
    expect(result.segments[0].carrierMessageId).toMatch(/^\d{20}$/);
  });

  it('sends a short message without concatenation TLVs', async () => {
    const c = await setup();
    await c.start();
    await c.submit({
      reference: 'y',
      destination: '+8618912345678',
      text: 'code 4321',
      requestReport: false,
    });
    expect(submits[0].tlvs.some((tlv) => tlv.tag === SmgpTlvTag.TpUdhi)).toBe(false);
    expect(submits[0]).toMatchObject({ msgFormat: 0, needReport: 0 });
  });

  it('reports a refused login with the SMGP status', async () => {
    const c = await setup({ password: 'bad' });
    const started = c.start();
    await expect(started).rejects.toBeInstanceOf(LoginRejectedError);
    await expect(started).rejects.toMatchObject({ protocol: 'smgp', status: 21 });
  });

  it('receives MO messages and acknowledges them', async () => {
    const c = await setup();
    await c.start();
    const inbound = new Promise<InboundSms>((resolve) => c.on('inbound', resolve));
    const moId = msgIds.next();
    smgw.openConnections[0].send({
      commandId: SmgpCommand.Deliver,
      sequenceId: 77,
      msgId: moId,
      isReport: 0,
      msgFormat: 15,
      recvTime: '20261122133000',
      srcTermId: '18912345678',
      destTermId: '106590',
      tlvs: [],
      msgContent: encodeText('退订', 'GBK'),
    });
    await expect(inbound).resolves.toMatchObject({ from: '+8618912345678', to: '106590', text: '退订' });
    await smgw.waitFor(() =>
      smgw.received.some((p) => p.commandId === SmgpCommand.DeliverResp && p.sequenceId === 77),
    );
    const resp = smgw.received.find((p) => p.commandId === SmgpCommand.DeliverResp);
    expect(resp && 'msgId' in resp && formatSmgpMsgId(resp.msgId)).toBe(formatSmgpMsgId(moId));
  });

  it('disconnects after missed ACTIVE_TESTs and reconnects', async () => {
    const c = await setup({ keepAliveIntervalMs: 40, keepAliveMaxMissed: 1 });
    await c.start();
    answerActiveTests = false;
    const states: string[] = [];
    await new Promise<void>((resolve) =>
      c.on('state', (event: ChannelStateEvent) => {
        states.push(event.state);
        if (event.state === 'ready') resolve();
      }),
    );
    expect(states).toContain('disconnected');
    expect(smgw.connections.length).toBe(2);
  });

  it('closes gracefully with EXIT', async () => {
    const c = await setup();
    await c.start();
    await c.close();
    expect(smgw.count((p) => p.commandId === SmgpCommand.Exit)).toBe(1);
    expect(c.isReady()).toBe(false);
  });

  it('drops the connection on garbage and recovers', async () => {
    const c = await setup();
    await c.start();
    smgw.openConnections[0].sendRaw(Buffer.from([0, 0, 0, 12, 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1]));
    await smgw.waitFor(() => smgw.connections.length === 2 && c.isReady());
    await expect(
      c.submit({ reference: 'z', destination: '+8618912345678', text: 'ok', requestReport: false }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });
});
