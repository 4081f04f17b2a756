import * as net from 'node:net';
import { CarrierSimulator, SimulatorLogger } from '@tongdao/carrier-sim';
import { CmppCommand, CmppDriver, createCmppCodec, FrameReader, type CmppPdu } from '@tongdao/protocols';
import { startTestSimulator } from './support/test-simulator';

/**
 * The gateway side of point 11: once the simulator has answered a client's CMPP_TERMINATE and ended its side, its
 * own keep-alives (and anything else) must not be written on the ended socket, even while the client keeps its
 * half of the connection open.
 */
describe('a simulated gateway after it answered a logout', () => {
  let simulator: CarrierSimulator;
  const lines: string[] = [];
  const logger: SimulatorLogger = {
    info: (details, message) => lines.push(`info ${message} ${JSON.stringify(details)}`),
    warn: (details, message) => lines.push(`warn ${message} ${JSON.stringify(details)}`),
    error: (details, message) => lines.push(`error ${message} ${JSON.stringify(details)}`),
  };

  beforeAll(async () => {
    // Keep-alives every 50 ms on an idle link, so the simulator has every chance to write on the ended socket.
    simulator = await startTestSimulator({ logger, behaviour: { keepAliveIntervalMs: 50 } });
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it('writes nothing on the ended socket while the client keeps its half open', async () => {
    const codec = createCmppCodec({ version: 3 });
    const driver = new CmppDriver({ version: 3, account: '900001', password: 'simpass1' });
    const received: CmppPdu[] = [];
    let ended = false;
    // allowHalfOpen: the client does not answer the simulator's FIN, so the simulator's socket stays open, ended.
    const socket = net.connect({
      port: simulator.gateway('cmpp3').port,
      host: '127.0.0.1',
      allowHalfOpen: true,
    });
    const reader = new FrameReader(codec, {
      onPdu: (pdu) => received.push(pdu),
      onError: () => socket.destroy(),
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('end', () => (ended = true));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const until = async (condition: () => boolean) => {
      const deadline = Date.now() + 20_000;
      while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(condition()).toBe(true);
    };

    socket.write(driver.encode(driver.login().pdu));
    await until(() => received.some((pdu) => pdu.commandId === CmppCommand.ConnectResp));
    socket.write(driver.encode(driver.logout().pdu));
    await until(() => ended);
    expect(received.map((pdu) => pdu.commandId)).toContain(CmppCommand.TerminateResp);
    const keepAlivesBefore = simulator.gateway('cmpp3').stats.keepAlivesSent;

    // A quiet period of many keep-alive intervals: it can only show that nothing happened, never fail on a slow machine.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(simulator.gateway('cmpp3').stats.keepAlivesSent).toBe(keepAlivesBefore);
    expect(lines.filter((line) => /write after end|socket error/.test(line))).toEqual([]);
    socket.destroy();
  });
});
