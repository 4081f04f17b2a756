import { CarrierSimulator } from '@tongdao/carrier-sim';
import {
  CmppDriver,
  SgipDriver,
  SmgpDriver,
  SmppDriver,
  type ProtocolDriver,
  type SubmitSegment,
} from '@tongdao/protocols';
import {
  RawFrameClient,
  strictFixedResponse,
  strictSmppResponse,
  type FixedProtocol,
} from './support/strict-responses';
import { startTestSimulator } from './support/test-simulator';

const SECRET = 'simpass1';
/** Every submit is refused with result 8 (flow control on CMPP/SGIP/SMGP, ESME_RSYSERR on SMPP). */
const FORCED_RESULT = 8;

const segment: SubmitSegment = {
  destination: '13800138000',
  source: '1069000001',
  coding: 'ASCII',
  content: Buffer.from('hello'),
  udhi: false,
  index: 1,
  total: 1,
  requestReport: true,
};

function smppHeader(commandId: number, sequence: number): Buffer {
  const frame = Buffer.alloc(16);
  frame.writeUInt32BE(16, 0);
  frame.writeUInt32BE(commandId, 4);
  frame.writeUInt32BE(sequence, 12);
  return frame;
}

/**
 * Every response the simulator sends on an error path, read byte by byte with a strict reader: an independent
 * client must be able to parse a rejection (issue 10, point 11: Kannel could not read the SMPP bind rejection).
 */
describe('error responses are well-formed PDUs', () => {
  let simulator: CarrierSimulator;
  const clients: RawFrameClient[] = [];

  const connect = async (gateway: string): Promise<RawFrameClient> => {
    const client = await RawFrameClient.connect(simulator.gateway(gateway).port);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    simulator = await startTestSimulator({
      behaviour: { forcedResults: [{ code: FORCED_RESULT, fraction: 1 }] },
    });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await simulator.stop();
  });

  describe('SMPP 3.4', () => {
    const bindWith = (password: string, account = 'tongdao') => new SmppDriver({ account, password });

    it('a rejected bind_transceiver carries the SMSC system_id with its NUL', async () => {
      const client = await connect('smpp');
      const driver = bindWith('wrongpw');
      client.write(driver.encode(driver.login().pdu));
      const response = strictSmppResponse(await client.next(0x80000009));
      expect(response).toMatchObject({ status: 0x0e, text: 'TONGDAO-SIM' });
      expect(response.length).toBe(16 + 'TONGDAO-SIM'.length + 1);
    });

    it('a bind_transmitter from an unknown system_id is answered with a full bind_transmitter_resp', async () => {
      const client = await connect('smpp');
      const bind = bindWith(SECRET, 'nobody').login().pdu;
      client.write(
        new SmppDriver({ account: 'x', password: 'y' }).encode({ ...bind, command: 'bind_transmitter' }),
      );
      expect(strictSmppResponse(await client.next(0x80000002))).toMatchObject({
        status: 0x0f,
        text: 'TONGDAO-SIM',
      });
    });

    it('submit_sm before bind gets a submit_sm_resp with an empty message_id, NUL included', async () => {
      const client = await connect('smpp');
      const driver = bindWith(SECRET);
      client.write(driver.encode(driver.submit(segment).pdu));
      expect(strictSmppResponse(await client.next(0x80000004))).toMatchObject({ status: 0x04, text: '' });
    });

    it('a refused submit_sm carries an empty message_id; an unknown command gets a bare generic_nack', async () => {
      const client = await connect('smpp');
      const driver = bindWith(SECRET);
      client.write(driver.encode(driver.login().pdu));
      expect(strictSmppResponse(await client.next(0x80000009))).toMatchObject({
        status: 0,
        text: 'TONGDAO-SIM',
      });
      client.write(driver.encode(driver.submit(segment).pdu));
      expect(strictSmppResponse(await client.next(0x80000004))).toMatchObject({
        status: FORCED_RESULT,
        text: '',
        length: 17,
      });
      client.write(smppHeader(0x00000999, 4242));
      expect(strictSmppResponse(await client.next(0x80000000))).toMatchObject({
        status: 0x03,
        sequence: 4242,
        length: 16,
      });
    });
  });

  const fixed: Array<[FixedProtocol, string, (password: string) => ProtocolDriver<unknown>]> = [
    ['cmpp3', 'cmpp3', (password: string) => new CmppDriver({ version: 3, account: '900001', password })],
    ['cmpp2', 'cmpp2', (password: string) => new CmppDriver({ version: 2, account: '900001', password })],
    [
      'sgip',
      'sgip',
      (password: string) =>
        new SgipDriver({ account: 'tongdao', password, nodeId: 3_010_012_345, corpId: '12345' }),
    ],
    ['smgp', 'smgp', (password: string) => new SmgpDriver({ account: '12345678', password })],
  ] as never;

  describe.each(fixed)('%s', (protocol, gateway, driverFor) => {
    const LOGIN_RESP = 0x80000001;
    const SUBMIT_RESP = protocol === 'smgp' ? 0x80000002 : protocol === 'sgip' ? 0x80000003 : 0x80000004;

    it('a refused login is answered with the full fixed-length response', async () => {
      const client = await connect(gateway);
      const driver = driverFor('wrongpw');
      client.write(driver.encode(driver.login().pdu));
      const response = strictFixedResponse(protocol, await client.next(LOGIN_RESP));
      expect(response.status).not.toBe(0);
    });

    it('a refused submit is answered with the full fixed-length response and its result', async () => {
      const client = await connect(gateway);
      const driver = driverFor(SECRET);
      client.write(driver.encode(driver.login().pdu));
      expect(strictFixedResponse(protocol, await client.next(LOGIN_RESP)).status).toBe(0);
      client.write(driver.encode(driver.submit(segment).pdu));
      expect(strictFixedResponse(protocol, await client.next(SUBMIT_RESP)).status).toBe(FORCED_RESULT);
    });
  });
});
