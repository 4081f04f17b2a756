import {
  CmppCommand,
  CmppDeliver,
  CmppPdu,
  cmppAuthenticatorIsmg,
  cmppAuthenticatorSource,
  formatCmppMsgId,
} from '@tongdao/protocols';
import { buildWireSegments, decodeText, parseUdh } from '@tongdao/sms';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { CMPP_TIMESTAMP, cmppCodec, cmppLogin, cmppSubmit, cmppSubmitPdu } from './support/cmpp-test-client';
import { RawPduClient } from './support/raw-pdu-client';
import { waitFor } from '@tongdao/testing';
import { controlRequest, delay, startTestSimulator } from './support/test-simulator';

const isDeliver = (pdu: CmppPdu): pdu is CmppDeliver => pdu.commandId === CmppCommand.Deliver;

describe.each([
  [3, 'cmpp3'],
  [2, 'cmpp2'],
] as const)('CMPP %i.0 simulated ISMG', (version, name) => {
  let simulator: CarrierSimulator;
  let clients: RawPduClient<CmppPdu>[];

  const connect = async (): Promise<RawPduClient<CmppPdu>> => {
    const client = await RawPduClient.connect(cmppCodec(version), simulator.gateway(name).port);
    clients.push(client);
    return client;
  };
  const loggedIn = async (): Promise<RawPduClient<CmppPdu>> => {
    const client = await connect();
    await expect(cmppLogin(client, version)).resolves.toMatchObject({ status: 0 });
    return client;
  };

  beforeEach(async () => {
    simulator = await startTestSimulator();
    clients = [];
  });

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await simulator.stop();
  });

  it('accepts a correct login and proves itself with AuthenticatorISMG', async () => {
    const client = await connect();
    const response = await cmppLogin(client, version);
    const authSource = cmppAuthenticatorSource('900001', 'simpass1', CMPP_TIMESTAMP);
    expect(response.status).toBe(0);
    expect(response.version).toBe(version === 3 ? 0x30 : 0x20);
    expect(response.authenticatorIsmg.equals(cmppAuthenticatorIsmg(0, authSource, 'simpass1', version))).toBe(
      true,
    );
  });

  it('answers 3 to a wrong secret and 2 to an unknown account, then closes', async () => {
    const wrongSecret = await connect();
    await expect(cmppLogin(wrongSecret, version, '900001', 'guess')).resolves.toMatchObject({ status: 3 });
    await expect(wrongSecret.closesWithin(20_000)).resolves.toBe(true);
    const unknown = await connect();
    await expect(cmppLogin(unknown, version, '123456', 'simpass1')).resolves.toMatchObject({ status: 2 });
    await expect(unknown.closesWithin(20_000)).resolves.toBe(true);
  });

  it('assigns a Msg_Id and later reports on it with the same id, and counts the acknowledgement', async () => {
    const client = await loggedIn();
    const response = await cmppSubmit(client, version, '13800138000', '【通道】您的验证码是 1234');
    expect(response.result).toBe(0);
    expect(formatCmppMsgId(response.msgId)).not.toBe('0');
    const report = await client.next(isDeliver);
    if (!isDeliver(report) || report.registeredDelivery !== 1) throw new Error('expected a status report');
    expect(formatCmppMsgId(report.report.msgId)).toBe(formatCmppMsgId(response.msgId));
    expect(report.report.stat).toBe('DELIVRD');
    expect(report.report.destTerminalId).toBe('13800138000');
    client.send({
      commandId: CmppCommand.DeliverResp,
      sequenceId: report.sequenceId,
      msgId: report.msgId,
      result: 0,
    });
    await waitFor(
      async () => simulator.gateway(name).stats.reportsAcknowledged,
      (acknowledged) => acknowledged >= 1,
    );
    const [received] = simulator.gateway(name).recorder.query({ destination: '13800138000' });
    expect(received).toMatchObject({
      text: '【通道】您的验证码是 1234',
      segmentCount: 1,
      messageIds: [formatCmppMsgId(response.msgId)],
    });
    expect(simulator.gateway(name).stats).toMatchObject({ reportsSent: 1, reportsAcknowledged: 1 });
  });

  it('records a long message once with its segments', async () => {
    const client = await loggedIn();
    const text = '【通道】' + '双十一大促全场五折起，'.repeat(12);
    const segments = buildWireSegments(text, { coding: 'UCS2', reference: 42 });
    expect(segments.length).toBeGreaterThan(1);
    for (const segment of segments) {
      client.send(
        cmppSubmitPdu(version, '13900139000', segment.payload, {
          tpUdhi: 1,
          pkTotal: segment.total,
          pkNumber: segment.index,
        }),
      );
    }
    for (let i = 0; i < segments.length; i++)
      await client.next((pdu) => pdu.commandId === CmppCommand.SubmitResp);
    const messages = simulator.gateway(name).recorder.query({ destination: '13900139000' });
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toBe(text);
    expect(messages[0].segmentCount).toBe(segments.length);
    expect(messages[0].segments.map((segment) => segment.segmentIndex)).toEqual(
      segments.map((segment) => segment.index),
    );
    expect(simulator.gateway(name).recorder.summary()).toMatchObject({
      messages: 1,
      segments: segments.length,
      duplicates: 0,
    });
  });

  it('resends an unacknowledged report on the next connection', async () => {
    const first = await loggedIn();
    const response = await cmppSubmit(first, version, '13700137000', 'hello');
    await first.next(isDeliver);
    await first.close();
    const second = await loggedIn();
    const again = await second.next(isDeliver);
    if (!isDeliver(again) || again.registeredDelivery !== 1) throw new Error('expected a status report');
    expect(formatCmppMsgId(again.report.msgId)).toBe(formatCmppMsgId(response.msgId));
  });

  it('answers ACTIVE_TEST and sends its own on an idle link', async () => {
    const client = await loggedIn();
    client.send({ commandId: CmppCommand.ActiveTest, sequenceId: 777 });
    await expect(client.next((pdu) => pdu.commandId === CmppCommand.ActiveTestResp)).resolves.toMatchObject({
      sequenceId: 777,
    });
    simulator.gateway(name).updateBehaviour({ keepAliveIntervalMs: 50 });
    await expect(client.next((pdu) => pdu.commandId === CmppCommand.ActiveTest, 3000)).resolves.toBeDefined();
  });

  it('delivers an MO injected through the control API, split with a UDH when long', async () => {
    const client = await loggedIn();
    const short = await controlRequest(simulator, 'POST', `/gateways/${name}/inbound`, {
      from: '13800138000',
      to: '1069000001',
      text: 'TD',
    });
    expect(short).toEqual({ status: 202, body: { segments: 1 } });
    const mo = await client.next(isDeliver);
    if (!isDeliver(mo) || mo.registeredDelivery !== 0) throw new Error('expected an MO');
    expect(mo).toMatchObject({ srcTerminalId: '13800138000', destId: '1069000001', msgFmt: 0 });
    expect(mo.msgContent.toString('latin1')).toBe('TD');

    const longText = '退订'.repeat(40);
    const long = await controlRequest(simulator, 'POST', `/gateways/${name}/inbound`, {
      from: '13800138000',
      to: '1069000001',
      text: longText,
    });
    expect(long.body.segments).toBe(2);
    const parts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const part = await client.next(isDeliver);
      if (!isDeliver(part) || part.registeredDelivery !== 0) throw new Error('expected an MO');
      expect(part.tpUdhi).toBe(1);
      const udh = parseUdh(part.msgContent);
      parts[(udh?.concat?.index ?? 0) - 1] = decodeText(
        part.msgContent.subarray(udh?.headerLength ?? 0),
        'UCS2',
      );
    }
    expect(parts.join('')).toBe(longText);
  });

  it('answers the flow-control result to submits over the TPS cap', async () => {
    await simulator.stop();
    simulator = await startTestSimulator({ now: () => 1_700_000_000_000, behaviour: { tpsCap: 2 } });
    const client = await loggedIn();
    const results = [];
    for (let i = 0; i < 5; i++)
      results.push((await cmppSubmit(client, version, `1380013800${i}`, `m${i}`)).result);
    expect(results).toEqual([0, 0, 8, 8, 8]);
    expect(simulator.gateway(name).recorder.summary().messages).toBe(2);
  });

  it('returns a forced result for the configured fraction of submits', async () => {
    simulator.gateway(name).updateBehaviour({ forcedResults: [{ code: 13, fraction: 1 }] });
    const client = await loggedIn();
    await expect(cmppSubmit(client, version, '13800138000', 'x')).resolves.toMatchObject({ result: 13 });
  });

  it('drops the connection after the configured number of submits without answering the next', async () => {
    simulator.gateway(name).updateBehaviour({ dropAfterSubmits: 2 });
    const client = await loggedIn();
    await cmppSubmit(client, version, '13800138000', 'one');
    await cmppSubmit(client, version, '13800138001', 'two');
    client.send(cmppSubmitPdu(version, '13800138002', Buffer.from('three')));
    await expect(client.closesWithin(20_000)).resolves.toBe(true);
    expect(client.received.filter((pdu) => pdu.commandId === CmppCommand.SubmitResp)).toHaveLength(0);
    expect(simulator.gateway(name).stats.connectionsDropped).toBe(1);
  });

  it('black-hole mode accepts TCP but never answers', async () => {
    simulator.gateway(name).updateBehaviour({ blackHole: true });
    const client = await connect();
    const login = cmppLogin(client, version);
    await expect(Promise.race([login.then(() => 'answered'), delay(300).then(() => 'silent')])).resolves.toBe(
      'silent',
    );
    expect(client.closed).toBe(false);
    login.catch(() => undefined);
  });

  it('keeps a report that falls due while black-holed and gives it to the next connection to log in', async () => {
    simulator.gateway(name).updateBehaviour({ reportDelay: { minMs: 300, maxMs: 300 } });
    const first = await loggedIn();
    const response = await cmppSubmit(first, version, '13800138000', 'report while silent');
    expect(response.result).toBe(0);
    // The logged-in connection can no longer write: the report must wait, not bounce between router and connection.
    simulator.gateway(name).updateBehaviour({ blackHole: true });
    await expect(
      waitFor(
        async () => simulator.gateway(name).stats.reportsPending,
        (pending) => pending >= 1,
      ),
    ).resolves.toBe(1);
    simulator.gateway(name).updateBehaviour({ blackHole: false });
    const second = await loggedIn();
    const report = await second.next(isDeliver);
    if (!isDeliver(report) || report.registeredDelivery !== 1) throw new Error('expected a status report');
    expect(formatCmppMsgId(report.report.msgId)).toBe(formatCmppMsgId(response.msgId));
    expect(simulator.gateway(name).stats.reportsPending).toBe(0);
  });

  it('refuses logins beyond the per-account connection limit', async () => {
    simulator.gateway(name).updateBehaviour({ maxConnectionsPerAccount: 1 });
    await loggedIn();
    const second = await connect();
    await expect(cmppLogin(second, version)).resolves.toMatchObject({ status: 5 });
  });

  it('closes a connection that sends garbage and keeps serving others', async () => {
    const garbage = await connect();
    garbage.writeRaw(Buffer.from('ffffffff0000000100000001', 'hex'));
    await expect(garbage.closesWithin(20_000)).resolves.toBe(true);
    expect(simulator.gateway(name).stats.garbageConnectionsClosed).toBe(1);
    const healthy = await loggedIn();
    await expect(cmppSubmit(healthy, version, '13800138000', 'still up')).resolves.toMatchObject({
      result: 0,
    });
  });
});
