import * as net from 'node:net';
import {
  FrameReader,
  SgipBindResp,
  SgipCommand,
  SgipPdu,
  SgipSubmit,
  SgipSubmitResp,
  createSgipCodec,
  formatSgipSequence,
} from '@tongdao/protocols';
import { buildWireSegments, encodeText } from '@tongdao/sms';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { RawPduClient } from './support/raw-pdu-client';
import { controlRequest, startTestSimulator } from './support/test-simulator';

const codec = createSgipCodec();
let counter = 1;
const nextSequence = () => ({ nodeId: 3_010_012_345, timestamp: 1_231_235_959, sequence: counter++ });

/** The SP's receiver server: records what the SMG sends and acknowledges it. */
class ReceiverServer {
  readonly received: SgipPdu[] = [];
  readonly binds: SgipPdu[] = [];
  private readonly server = net.createServer((socket) => this.serve(socket));
  private readonly sockets = new Set<net.Socket>();
  private waiting: Array<() => void> = [];

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  async waitFor(count: number, timeoutMs = 20_000): Promise<SgipPdu[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`receiver got ${this.received.length} of ${count}`);
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.received;
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new FrameReader(codec, {
      onPdu: (pdu) => this.onPdu(socket, pdu),
      onError: () => socket.destroy(),
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
  }

  private onPdu(socket: net.Socket, pdu: SgipPdu): void {
    if (pdu.commandId === SgipCommand.Bind) {
      this.binds.push(pdu);
      const ok = pdu.loginName === 'tongdao' && pdu.loginPassword === 'simpass1' && pdu.loginType === 2;
      socket.write(
        codec.encode({ commandId: SgipCommand.BindResp, sequence: pdu.sequence, result: ok ? 0 : 1 }),
      );
      return;
    }
    if (pdu.commandId === SgipCommand.Report || pdu.commandId === SgipCommand.Deliver) {
      this.received.push(pdu);
      const resp = pdu.commandId === SgipCommand.Report ? SgipCommand.ReportResp : SgipCommand.DeliverResp;
      socket.write(codec.encode({ commandId: resp, sequence: pdu.sequence, result: 0 }));
      for (const wake of this.waiting.splice(0)) wake();
    }
  }
}

function submitPdu(destination: string, content: Buffer, extra: Partial<SgipSubmit> = {}): SgipSubmit {
  return {
    commandId: SgipCommand.Submit,
    sequence: nextSequence(),
    spNumber: '10655001',
    chargeNumber: '000000000000000000000',
    userNumbers: [destination],
    corpId: '12345',
    serviceType: 'TONGDAO',
    feeType: 1,
    feeValue: '0',
    givenValue: '0',
    agentFlag: 0,
    morelatetoMtFlag: 2,
    priority: 0,
    expireTime: '',
    scheduleTime: '',
    reportFlag: 1,
    tpPid: 0,
    tpUdhi: 0,
    messageCoding: 8,
    messageType: 0,
    messageContent: content,
    ...extra,
  };
}

describe('SGIP 1.2 simulated SMG', () => {
  let simulator: CarrierSimulator;
  let receiver: ReceiverServer;
  let clients: RawPduClient<SgipPdu>[];

  const connect = async (): Promise<RawPduClient<SgipPdu>> => {
    const client = await RawPduClient.connect(codec, simulator.gateway('sgip').port);
    clients.push(client);
    return client;
  };
  const bind = async (
    client: RawPduClient<SgipPdu>,
    password = 'simpass1',
    loginType = 1,
  ): Promise<SgipBindResp> => {
    const sequence = nextSequence();
    client.send({
      commandId: SgipCommand.Bind,
      sequence,
      loginType,
      loginName: 'tongdao',
      loginPassword: password,
    });
    return (await client.next((pdu) => pdu.commandId === SgipCommand.BindResp)) as SgipBindResp;
  };
  const submit = async (client: RawPduClient<SgipPdu>, pdu: SgipSubmit): Promise<SgipSubmitResp> => {
    client.send(pdu);
    const key = formatSgipSequence(pdu.sequence);
    return (await client.next(
      (r) => r.commandId === SgipCommand.SubmitResp && formatSgipSequence(r.sequence) === key,
    )) as SgipSubmitResp;
  };

  beforeEach(async () => {
    receiver = new ReceiverServer();
    await receiver.listen();
    simulator = await startTestSimulator({ sgipReceiverPort: receiver.port });
    clients = [];
  });

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await simulator.stop();
    await receiver.close();
  });

  it('checks the plain-text login and the login type', async () => {
    await expect(bind(await connect())).resolves.toMatchObject({ result: 0 });
    const wrong = await connect();
    await expect(bind(wrong, 'bad')).resolves.toMatchObject({ result: 1 });
    await expect(wrong.closesWithin(20_000)).resolves.toBe(true);
    await expect(bind(await connect(), 'simpass1', 2)).resolves.toMatchObject({ result: 4 });
  });

  it('reports on a submit by its sequence number over a connection it opens to the SP receiver', async () => {
    const client = await connect();
    await bind(client);
    const pdu = submitPdu('13000130000', encodeText('【通道】联通测试', 'UCS2'));
    await expect(submit(client, pdu)).resolves.toMatchObject({ result: 0 });
    const [report] = await receiver.waitFor(1);
    if (report.commandId !== SgipCommand.Report) throw new Error('expected a Report');
    expect(formatSgipSequence(report.submitSequence)).toBe(formatSgipSequence(pdu.sequence));
    expect(report).toMatchObject({ userNumber: '13000130000', state: 0, errorCode: 0, reportType: 0 });
    expect(receiver.binds[0]).toMatchObject({ loginType: 2, loginName: 'tongdao' });
    const [recorded] = simulator.gateway('sgip').recorder.query({ destination: '13000130000' });
    expect(recorded.messageIds).toEqual([formatSgipSequence(pdu.sequence)]);
  });

  it('records a long message once and reports failures with state 2', async () => {
    simulator.gateway('sgip').updateBehaviour({ outcomes: { 'MK:0005': 1 } });
    const client = await connect();
    await bind(client);
    const text = '联通长短信'.repeat(20);
    const segments = buildWireSegments(text, { coding: 'UCS2', reference: 9 });
    for (const segment of segments)
      await submit(client, submitPdu('13000130001', segment.payload, { tpUdhi: 1 }));
    expect(simulator.gateway('sgip').recorder.query({ destination: '13000130001' })).toMatchObject([
      { text, segmentCount: segments.length },
    ]);
    const reports = await receiver.waitFor(segments.length);
    expect(
      reports.every(
        (report) => report.commandId === SgipCommand.Report && report.state === 2 && report.errorCode === 5,
      ),
    ).toBe(true);
  });

  it('delivers an injected MO to the SP receiver', async () => {
    const response = await controlRequest(simulator, 'POST', '/gateways/sgip/inbound', {
      from: '13000130000',
      to: '10655001',
      text: 'TD',
    });
    expect(response.status).toBe(202);
    const [mo] = await receiver.waitFor(1);
    expect(mo).toMatchObject({
      commandId: SgipCommand.Deliver,
      userNumber: '13000130000',
      spNumber: '10655001',
    });
  });
});
