/**
 * Submits per second over ONE CMPP 3.0 connection (window 16) with status reports flowing back.
 *   node -r @swc-node/register bench/submit/run.ts [--peer sim|minimal] [--count N] [--warmup N] [--window W]
 *     [--concurrency C] [--same-process]
 * `sim` (default) runs against @tongdao/carrier-sim's CarrierSimulator with zero latency and immediate reports;
 * `minimal` against a bare ISMG that only answers, to separate client cost from simulator cost. The gateway runs
 * in a child process (as a real one runs elsewhere) unless --same-process is given.
 */
import { fork } from 'node:child_process';
import * as inspector from 'node:inspector';
import * as net from 'node:net';
import { CarrierSimulator, defaultBehaviour } from '../../libs/carrier-sim/src';
import {
  CmppCommand,
  CmppMsgIdGenerator,
  FrameReader,
  createCarrierChannel,
  createCmppCodec,
  type CarrierChannel,
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
const WARMUP = Number(argument('warmup', '10000'));
const ACCOUNT = '900001';
const SECRET = 'bench-secret';

/** What the gateway side reports after a run, so the figures come with proof that nothing was lost or doubled. */
interface PeerReport {
  execArgv: string[];
  inspector: boolean;
  /** User + system CPU the gateway process has used so far. */
  cpuSeconds: number;
  received?: { messages: number; segments: number; duplicates: number };
  stats?: Record<string, number>;
}

interface Peer {
  port: number;
  report(): Promise<PeerReport>;
  stop(): Promise<void>;
}

type ChildMessage = { type: 'listening'; port: number } | { type: 'report'; report: PeerReport };

function processReport(extra: Pick<PeerReport, 'received' | 'stats'> = {}): PeerReport {
  const cpu = process.cpuUsage();
  return {
    execArgv: process.execArgv,
    inspector: inspector.url() !== undefined,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...extra,
  };
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
  const gateway = simulator.gateway('bench-cmpp3');
  return {
    port: gateway.port,
    report: async () => {
      const { received, stats } = gateway.describe();
      return processReport({ received, stats });
    },
    stop: () => simulator.stop(),
  };
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
    report: async () => processReport(),
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
  // Only the TypeScript loader, never the parent's flags (an --inspect would slow the gateway down); profiling
  // flags (--cpu-prof, --prof) are passed on so both sides of the link can be profiled in one run.
  const profiling = process.execArgv.filter((flag) => flag.startsWith('--cpu-prof') || flag === '--prof');
  const child = fork(__filename, ['--serve', '--peer', PEER], {
    execArgv: ['-r', '@swc-node/register', ...profiling],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: ChildMessage) => {
      if (message.type === 'listening') resolve(message.port);
    });
    child.once('exit', (code) => reject(new Error(`gateway process exited with ${code}`)));
  });
  return {
    port,
    report: () =>
      new Promise<PeerReport>((resolve) => {
        const onMessage = (message: ChildMessage): void => {
          if (message.type !== 'report') return;
          child.off('message', onMessage);
          resolve(message.report);
        };
        child.on('message', onMessage);
        child.send('report');
      }),
    stop: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function serve(): Promise<void> {
  const peer = await startPeerHere();
  const send = (message: ChildMessage): boolean | undefined => process.send?.(message);
  send({ type: 'listening', port: peer.port });
  process.on('message', (request) => {
    if (request === 'report') void peer.report().then((report) => send({ type: 'report', report }));
  });
  process.on('SIGTERM', () => void peer.stop().then(() => process.exit(0)));
}

interface PhaseResult {
  submits: number;
  failed: number;
  submitSeconds: number;
  cpuSeconds: number;
  reports: number;
  reportSeconds: number;
}

/**
 * Submits `count` messages through `concurrency` workers, then waits (up to 30 s) until every report is in.
 * The submit figure covers the submits only; reports are timed from the same start to the last one received.
 */
async function runPhase(channel: CarrierChannel, first: number, count: number): Promise<PhaseResult> {
  let reports = 0;
  let allReported: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => (allReported = resolve));
  const onReport = (_report: DeliveryReport): void => {
    reports += 1;
    if (reports === count) allReported();
  };
  channel.on('report', onReport);

  let next = first;
  const end = first + count;
  let failed = 0;
  const started = process.hrtime.bigint();
  const cpuAtStart = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (next < end) {
      const n = next++;
      const result = await channel.submit({
        reference: `b${n}`,
        destination: `+86138${String(n % 100_000_000).padStart(8, '0')}`,
        text: `【通道】您的验证码是${String(n % 1_000_000).padStart(6, '0')}`,
        requestReport: true,
      });
      if (!result.ok) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const submitted = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpuAtStart);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([reported, new Promise((resolve) => (timer = setTimeout(resolve, 30_000)))]);
  clearTimeout(timer);
  const done = process.hrtime.bigint();
  channel.off('report', onReport);
  return {
    submits: count,
    failed,
    submitSeconds: Number(submitted - started) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    reports,
    reportSeconds: Number(done - started) / 1e9,
  };
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
  await channel.start();

  // Warm-up lets both processes reach optimised code before anything is timed; its reports are all in first.
  const warmup = await runPhase(channel, 0, WARMUP);
  const before = await peer.report();
  const run = await runPhase(channel, WARMUP, COUNT);
  const gateway = await peer.report();
  // Same process: the gateway's CPU is already inside the client figure.
  const gatewayCpuSeconds = gateway.cpuSeconds - before.cpuSeconds;
  console.log(
    JSON.stringify({
      peer: PEER,
      protocol: 'cmpp3',
      connections: 1,
      window: WINDOW,
      warmupSubmits: WARMUP,
      warmupFailed: warmup.failed,
      warmupReports: warmup.reports,
      submits: COUNT,
      failed: run.failed,
      submitSeconds: Number(run.submitSeconds.toFixed(3)),
      submitsPerSecond: Math.round(COUNT / run.submitSeconds),
      clientCpuSeconds: Number(run.cpuSeconds.toFixed(3)),
      submitsPerClientCpuSecond: Math.round(COUNT / run.cpuSeconds),
      reportsReceived: run.reports,
      reportsPerSecond: Math.round(run.reports / run.reportSeconds),
      gateway: {
        process: process.argv.includes('--same-process') ? 'same' : 'child',
        execArgv: gateway.execArgv,
        cpuSeconds: Number(gatewayCpuSeconds.toFixed(3)),
        submitsPerCpuSecond: Math.round(COUNT / gatewayCpuSeconds),
        inspector: gateway.inspector,
        ...(gateway.received
          ? { recorded: gateway.received.messages, duplicates: gateway.received.duplicates }
          : {}),
        ...(gateway.stats
          ? { reportsSent: gateway.stats.reportsSent, reportsAcknowledged: gateway.stats.reportsAcknowledged }
          : {}),
      },
    }),
  );
  await channel.close();
  await peer.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
