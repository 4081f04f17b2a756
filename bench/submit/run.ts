/**
 * Submits per second over ONE CMPP 3.0 connection (window 16) with status reports flowing back.
 *   node -r @swc-node/register bench/submit/run.ts [--peer sim|minimal] [--count N] [--window W] [--concurrency C] [--same-process]
 * `sim` (default) runs against @tongdao/carrier-sim's CarrierSimulator with zero latency and immediate reports;
 * `minimal` against a bare ISMG that only answers, to separate client cost from simulator cost. The gateway runs
 * in a child process (as a real one runs elsewhere) unless --same-process is given.
 */
import { fork } from 'node:child_process';
import * as net from 'node:net';
import { CarrierSimulator, defaultBehaviour } from '../../libs/carrier-sim/src';
import {
  CmppCommand,
  CmppMsgIdGenerator,
  FrameReader,
  createCarrierChannel,
  createCmppCodec,
  type CmppPdu,
  type CmppSubmit,
  type DeliveryReport,
} from '../../libs/protocols/src';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

const PEER = argument('peer', 'sim');
const COUNT = Number(argument('count', '100000'));
const WINDOW = Number(argument('window', '16'));
const CONCURRENCY = Number(argument('concurrency', '256'));
const ACCOUNT = '900001';
const SECRET = 'bench-secret';

interface Peer {
  port: number;
  stop(): Promise<void>;
}

async function startSimulator(): Promise<Peer> {
  const simulator = new CarrierSimulator({
    controlApi: { host: '127.0.0.1', port: 0, enabled: false },
    recorder: { maxMessages: 1_000, maxDuplicateKeys: 1_000, maxPendingLongMessages: 1_000 },
    gateways: [
      {
        name: 'bench-cmpp3',
        protocol: 'cmpp3',
        host: '127.0.0.1',
        port: 0,
        accounts: [{ account: ACCOUNT, secret: SECRET }],
        behaviour: {
          ...defaultBehaviour('cmpp3'),
          reportDelay: { minMs: 0, maxMs: 0 },
          outcomes: { DELIVRD: 100 },
        },
        gatewayCode: 1,
        maxFrameBytes: 4096,
        maxPendingReports: 1_000_000,
      },
    ],
  });
  await simulator.start();
  return { port: simulator.gateway('bench-cmpp3').port, stop: () => simulator.stop() };
}

/** Answers CONNECT, SUBMIT (plus an immediate DELIVRD report) and ACTIVE_TEST; nothing else. */
async function startMinimalIsmg(): Promise<Peer> {
  const codec = createCmppCodec({ version: 3 });
  const msgIds = new CmppMsgIdGenerator(1);
  let deliverSequence = 0;
  const sockets = new Set<net.Socket>();
  const report = (submit: CmppSubmit, msgId: Buffer): CmppPdu => ({
    commandId: CmppCommand.Deliver,
    sequenceId: (deliverSequence += 1),
    msgId: msgIds.next(),
    destId: submit.srcId,
    serviceId: submit.serviceId,
    tpPid: 0,
    tpUdhi: 0,
    msgFmt: 0,
    srcTerminalId: submit.destTerminalIds[0],
    srcTerminalType: 0,
    registeredDelivery: 1,
    report: {
      msgId,
      stat: 'DELIVRD',
      submitTime: '2611221330',
      doneTime: '2611221330',
      destTerminalId: submit.destTerminalIds[0],
      smscSequence: 0,
    },
    linkId: '',
  });
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    const reader = new FrameReader(codec, {
      onPdu: (pdu) => {
        const out: Buffer[] = [];
        if (pdu.commandId === CmppCommand.Connect) {
          out.push(
            codec.encode({
              commandId: CmppCommand.ConnectResp,
              sequenceId: pdu.sequenceId,
              status: 0,
              authenticatorIsmg: Buffer.alloc(16),
              version: 0x30,
            }),
          );
        } else if (pdu.commandId === CmppCommand.Submit) {
          const msgId = msgIds.next();
          out.push(
            codec.encode({ commandId: CmppCommand.SubmitResp, sequenceId: pdu.sequenceId, msgId, result: 0 }),
          );
          if (pdu.registeredDelivery === 1) out.push(codec.encode(report(pdu, msgId)));
        } else if (pdu.commandId === CmppCommand.ActiveTest) {
          out.push(codec.encode({ commandId: CmppCommand.ActiveTestResp, sequenceId: pdu.sequenceId }));
        } else if (pdu.commandId === CmppCommand.Terminate) {
          out.push(codec.encode({ commandId: CmppCommand.TerminateResp, sequenceId: pdu.sequenceId }));
        }
        if (out.length > 0) socket.write(out.length === 1 ? out[0] : Buffer.concat(out));
      },
      onError: () => socket.destroy(),
    });
    socket.on('data', (chunk) => reader.push(chunk));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function startPeerHere(): Promise<Peer> {
  return PEER === 'minimal' ? startMinimalIsmg() : startSimulator();
}

/** Runs the gateway in a child process so client and gateway do not share one event loop. */
async function startPeerInChild(): Promise<Peer> {
  const child = fork(__filename, ['--serve', '--peer', PEER], { execArgv: ['-r', '@swc-node/register'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve(Number(message)));
    child.once('exit', (code) => reject(new Error(`gateway process exited with ${code}`)));
  });
  return {
    port,
    stop: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function serve(): Promise<void> {
  const peer = await startPeerHere();
  process.send?.(peer.port);
  process.on('SIGTERM', () => void peer.stop().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve();
  const peer = process.argv.includes('--same-process') ? await startPeerHere() : await startPeerInChild();
  const channel = createCarrierChannel({
    id: 'bench',
    protocol: 'cmpp3',
    host: '127.0.0.1',
    port: peer.port,
    account: ACCOUNT,
    password: SECRET,
    sourceNumber: '1069001',
    serviceId: 'BENCH',
    connections: 1,
    window: WINDOW,
    requestTimeoutMs: 30_000,
  });
  let reports = 0;
  let allReported: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => (allReported = resolve));
  channel.on('report', (_report: DeliveryReport) => {
    reports += 1;
    if (reports === COUNT) allReported();
  });
  await channel.start();

  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const cpuAtStart = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (next < COUNT) {
      const n = next++;
      const destination = `+86138${String(n % 100_000_000).padStart(8, '0')}`;
      const result = await channel.submit({
        reference: `b${n}`,
        destination,
        text: `【通道】您的验证码是${String(n % 1_000_000).padStart(6, '0')}`,
        requestReport: true,
      });
      if (!result.ok) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const submitted = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await Promise.race([reported, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  const done = process.hrtime.bigint();

  const submitSeconds = Number(submitted - started) / 1e9;
  const totalSeconds = Number(done - started) / 1e9;
  console.log(
    JSON.stringify({
      peer: PEER,
      protocol: 'cmpp3',
      connections: 1,
      window: WINDOW,
      submits: COUNT,
      failed,
      submitSeconds: Number(submitSeconds.toFixed(3)),
      submitsPerSecond: Math.round(COUNT / submitSeconds),
      clientCpuSeconds: Number(cpuSeconds.toFixed(3)),
      submitsPerClientCpuSecond: Math.round(COUNT / cpuSeconds),
      reportsReceived: reports,
      reportsPerSecond: Math.round(reports / totalSeconds),
    }),
  );
  await channel.close();
  await peer.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
