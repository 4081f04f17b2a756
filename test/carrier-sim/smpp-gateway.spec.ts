import * as net from 'node:net';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { controlRequest, startTestSimulator } from './support/test-simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const smpp = require('smpp');

interface SmppClientPdu {
  command: string;
  command_status: number;
  sequence_number: number;
  message_id?: string;
  esm_class?: number;
  short_message?: { message: string };
  receipted_message_id?: string;
  source_addr?: string;
  response(options?: Record<string, unknown>): SmppClientPdu;
}

interface SmppClient {
  bind_transceiver(options: Record<string, unknown>, callback: (pdu: SmppClientPdu) => void): void;
  submit_sm(options: Record<string, unknown>, callback: (pdu: SmppClientPdu) => void): void;
  send(pdu: SmppClientPdu): void;
  on(event: string, listener: (...args: never[]) => void): void;
  destroy(): void;
}

function connect(port: number): Promise<SmppClient> {
  return new Promise((resolve, reject) => {
    const session: SmppClient = smpp.connect({ url: `smpp://127.0.0.1:${port}` }, () => resolve(session));
    session.on('error', reject);
  });
}

const call = <T>(run: (done: (value: T) => void) => void): Promise<T> =>
  new Promise((resolve) => run(resolve));

function nextDeliver(session: SmppClient): Promise<SmppClientPdu> {
  return new Promise((resolve) => {
    session.on('deliver_sm', (pdu: SmppClientPdu) => {
      session.send(pdu.response());
      resolve(pdu);
    });
  });
}

describe('SMPP 3.4 simulated SMSC', () => {
  let simulator: CarrierSimulator;
  let sessions: SmppClient[];

  const bound = async (password = 'simpass1'): Promise<[SmppClient, SmppClientPdu]> => {
    const session = await connect(simulator.gateway('smpp').port);
    sessions.push(session);
    const response = await call<SmppClientPdu>((done) =>
      session.bind_transceiver({ system_id: 'tongdao', password }, done),
    );
    return [session, response];
  };

  beforeEach(async () => {
    simulator = await startTestSimulator();
    sessions = [];
  });

  afterEach(async () => {
    for (const session of sessions) session.destroy();
    await simulator.stop();
  });

  it('binds with the right password and refuses a wrong one with ESME_RINVPASWD', async () => {
    await expect(bound().then(([, response]) => response.command_status)).resolves.toBe(0);
    await expect(bound('wrong').then(([, response]) => response.command_status)).resolves.toBe(0x0e);
  });

  it('returns a message id and a delivery receipt (esm_class 0x04) carrying it', async () => {
    const [session] = await bound();
    const receipt = nextDeliver(session);
    const response = await call<SmppClientPdu>((done) =>
      session.submit_sm(
        {
          source_addr: 'TONGDAO',
          destination_addr: '8613800138000',
          short_message: 'Your code is 1234',
          registered_delivery: 1,
        },
        done,
      ),
    );
    expect(response.command_status).toBe(0);
    expect(response.message_id).toMatch(/^[0-9A-F]+$/);
    const report = await receipt;
    expect(report.esm_class).toBe(0x04);
    expect(report.receipted_message_id).toBe(response.message_id);
    expect(report.short_message?.message).toContain(`id:${response.message_id} `);
    expect(report.short_message?.message).toContain('stat:DELIVRD');
    expect(simulator.gateway('smpp').recorder.query({ destination: '8613800138000' })).toMatchObject([
      { text: 'Your code is 1234' },
    ]);
  });

  it('answers ESME_RTHROTTLED over the TPS cap', async () => {
    await simulator.stop();
    simulator = await startTestSimulator({ now: () => 1_700_000_000_000, behaviour: { tpsCap: 1 } });
    const [session] = await bound();
    const submit = () =>
      call<SmppClientPdu>((done) =>
        session.submit_sm({ destination_addr: '8613800138000', short_message: 'x' }, done),
      );
    await expect(submit().then((r) => r.command_status)).resolves.toBe(0);
    await expect(submit().then((r) => r.command_status)).resolves.toBe(0x58);
  });

  it('delivers an injected MO as deliver_sm', async () => {
    const [session] = await bound();
    const mo = nextDeliver(session);
    await controlRequest(simulator, 'POST', '/gateways/smpp/inbound', {
      from: '8613800138000',
      to: '10690001',
      text: 'TD',
    });
    await expect(mo).resolves.toMatchObject({
      source_addr: '8613800138000',
      short_message: { message: 'TD' },
    });
  });

  it('closes a connection that announces an oversize PDU and keeps serving', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: simulator.gateway('smpp').port });
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(Buffer.from('ffffffff00000004', 'hex'));
    await expect(closed).resolves.toBeUndefined();
    expect(simulator.gateway('smpp').stats.garbageConnectionsClosed).toBe(1);
    await expect(bound().then(([, response]) => response.command_status)).resolves.toBe(0);
  });

  it('closes a connection at once when a PDU claims less than its 16-byte header', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: simulator.gateway('smpp').port });
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(Buffer.from('0000000800000004', 'hex'));
    await expect(closed).resolves.toBeUndefined();
    expect(simulator.gateway('smpp').stats.garbageConnectionsClosed).toBeGreaterThanOrEqual(1);
  });
});
