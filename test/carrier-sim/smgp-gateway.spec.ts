import {
  SmgpCommand,
  SmgpDeliver,
  SmgpLoginResp,
  SmgpPdu,
  SmgpSubmit,
  SmgpSubmitResp,
  SmgpTlvTag,
  byteTlv,
  createSmgpCodec,
  formatSmgpMsgId,
  smgpAuthenticatorClient,
  smgpAuthenticatorServer,
} from '@tongdao/protocols';
import { buildWireSegments, encodeText } from '@tongdao/sms';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { RawPduClient } from './support/raw-pdu-client';
import { waitFor } from '@tongdao/testing';
import { controlRequest, startTestSimulator } from './support/test-simulator';

const TIMESTAMP = 315_235_959;
let sequence = 1;

function submitPdu(destination: string, content: Buffer, tlvs: SmgpSubmit['tlvs'] = []): SmgpSubmit {
  return {
    commandId: SmgpCommand.Submit,
    sequenceId: sequence++,
    msgType: 6,
    needReport: 1,
    priority: 0,
    serviceId: 'TONGDAO',
    feeType: '00',
    feeCode: '000000',
    fixedFee: '000000',
    msgFormat: 8,
    validTime: '',
    atTime: '',
    srcTermId: '10690001',
    chargeTermId: '',
    destTermIds: [destination],
    msgContent: content,
    tlvs,
  };
}

describe('SMGP 3.0 simulated SMGW', () => {
  let simulator: CarrierSimulator;
  let clients: RawPduClient<SmgpPdu>[];

  const connect = async (): Promise<RawPduClient<SmgpPdu>> => {
    const client = await RawPduClient.connect(createSmgpCodec(), simulator.gateway('smgp').port);
    clients.push(client);
    return client;
  };
  const login = async (
    client: RawPduClient<SmgpPdu>,
    secret = 'simpass1',
    clientId = '12345678',
  ): Promise<SmgpLoginResp> => {
    const sequenceId = sequence++;
    client.send({
      commandId: SmgpCommand.Login,
      sequenceId,
      clientId,
      authenticatorClient: smgpAuthenticatorClient(clientId, secret, TIMESTAMP),
      loginMode: 2,
      timestamp: TIMESTAMP,
      clientVersion: 0x30,
    });
    return (await client.next(
      (pdu) => pdu.commandId === SmgpCommand.LoginResp && pdu.sequenceId === sequenceId,
    )) as SmgpLoginResp;
  };
  const submit = async (client: RawPduClient<SmgpPdu>, pdu: SmgpSubmit): Promise<SmgpSubmitResp> => {
    client.send(pdu);
    return (await client.next(
      (r) => r.commandId === SmgpCommand.SubmitResp && r.sequenceId === pdu.sequenceId,
    )) as SmgpSubmitResp;
  };
  const isDeliver = (pdu: SmgpPdu): pdu is SmgpDeliver => pdu.commandId === SmgpCommand.Deliver;

  beforeEach(async () => {
    simulator = await startTestSimulator();
    clients = [];
  });

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await simulator.stop();
  });

  it('verifies the MD5 login and answers with AuthenticatorServer', async () => {
    const client = await connect();
    const response = await login(client);
    expect(response.status).toBe(0);
    const expected = smgpAuthenticatorServer(
      0,
      smgpAuthenticatorClient('12345678', 'simpass1', TIMESTAMP),
      'simpass1',
    );
    expect(response.authenticatorServer.equals(expected)).toBe(true);
  });

  it('rejects a wrong secret with status 21 and closes', async () => {
    const client = await connect();
    await expect(login(client, 'nope')).resolves.toMatchObject({ status: 21 });
    await expect(client.closesWithin(20_000)).resolves.toBe(true);
  });

  it('assigns a 10-byte BCD MsgID and reports on it with IsReport=1', async () => {
    const client = await connect();
    await login(client);
    const response = await submit(client, submitPdu('18900189000', encodeText('【通道】订单已发货', 'UCS2')));
    expect(response.status).toBe(0);
    expect(formatSmgpMsgId(response.msgId)).toMatch(/^\d{20}$/);
    const report = await client.next(isDeliver);
    if (!isDeliver(report) || report.isReport !== 1) throw new Error('expected a status report');
    expect(formatSmgpMsgId(report.report.msgId)).toBe(formatSmgpMsgId(response.msgId));
    expect(report.report.stat).toBe('DELIVRD');
    expect(report.srcTermId).toBe('18900189000');
    client.send({
      commandId: SmgpCommand.DeliverResp,
      sequenceId: report.sequenceId,
      msgId: report.msgId,
      status: 0,
    });
    await waitFor(
      async () => simulator.gateway('smgp').stats.reportsAcknowledged,
      (acknowledged) => acknowledged >= 1,
    );
    expect(simulator.gateway('smgp').stats.reportsAcknowledged).toBe(1);
  });

  it('records a long message sent with the TP_udhi TLV once', async () => {
    const client = await connect();
    await login(client);
    const text = '中国电信长短信测试'.repeat(10);
    const segments = buildWireSegments(text, { coding: 'UCS2', reference: 7 });
    for (const segment of segments) {
      await submit(
        client,
        submitPdu('18900189001', segment.payload, [
          byteTlv(SmgpTlvTag.TpUdhi, 1),
          byteTlv(SmgpTlvTag.PkTotal, segment.total),
          byteTlv(SmgpTlvTag.PkNumber, segment.index),
        ]),
      );
    }
    const [message] = simulator.gateway('smgp').recorder.query({ destination: '18900189001' });
    expect(message).toMatchObject({ text, segmentCount: segments.length });
  });

  it('delivers an injected MO as IsReport=0', async () => {
    const client = await connect();
    await login(client);
    await controlRequest(simulator, 'POST', '/gateways/smgp/inbound', {
      from: '18900189000',
      to: '10690001',
      text: '1',
    });
    const mo = await client.next(isDeliver);
    if (!isDeliver(mo) || mo.isReport !== 0) throw new Error('expected an MO');
    expect(mo.msgContent.toString('latin1')).toBe('1');
    expect(mo.srcTermId).toBe('18900189000');
  });

  it('closes a connection that sends an oversize frame', async () => {
    const client = await connect();
    client.writeRaw(Buffer.from('0001000000000001', 'hex'));
    await expect(client.closesWithin(20_000)).resolves.toBe(true);
  });
});
