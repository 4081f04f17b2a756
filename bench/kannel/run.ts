/**
 * Kannel 1.4.5 end to end on the same machine and against the same carrier simulator as bench:e2e, for comparison:
 * sendsms accept → bearerbox → SMPP 3.4 to the simulator (its own process) → deliver_sm receipt 0–50 ms later →
 * dlr-url call from smsbox to a sink in this process, which records every final receipt with its time.
 *
 *   apt-get install -y kannel
 *   node -r @swc-node/register bench/kannel/run.ts -- [--messages 100000] [--concurrency 32] [--connections 8]
 *     [--recipients-per-request 1]
 *     [--window 16] [--throughput 0] [--max-pending-requests 512] [--outgoing-queue-limit -1]
 *     [--dlr-storage internal|pgsql] [--report-delay 0-50] [--log-level 2] [--access-log] [--keep]
 *
 * SIM_* variables reach the simulator (SIM_OUTCOMES=EXPIRED:100, say); DEBUG_DLR=1 adds the receipt text to the
 * dlr-url and prints every call the sink receives, to see how Kannel classified a receipt.
 *
 * `--dlr-storage pgsql` keeps Kannel's receipt table in a fresh database of DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards; the PostgreSQL server's CPU is reported with it.
 *
 * Printed: messages/s from the first send to the last final receipt at the sink, the accept rate, accept→final
 * latency, receipts by type with duplicates and missing, the simulator's own count and duplicates, the CPU seconds
 * of bearerbox, smsbox, the simulator and this process (load generator and sink) next to the whole machine's busy
 * time, Kannel's status counters and the load average.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ChildApp, freeAppPorts, freePorts, startChildApp } from '../../test/support/child-app';
import { admin, cpuSeconds, get, loadAverage, machineCpu, simulatorSummary, waitForHttp } from '../e2e/stack';
import { withDatabase } from '../support/database';
import { option } from '../support/options';
import { waitForCount } from '../support/wait-for-count';
import { RawHttpConnection, rawGetServer } from './raw-http';
import {
  ADMIN_PASSWORD,
  DLR_TABLE,
  DLR_TABLE_SQL,
  KannelSettings,
  kannelConfig,
  SENDSMS_USER,
  SMSC_ID,
} from './config';

interface Options extends KannelSettings {
  messages: number;
  concurrency: number;
  /** Recipients per sendsms request (its `to` takes a list): Kannel's nearest to Tongdao's batch API. */
  recipientsPerRequest: number;
  reportDelay: string;
  keep: boolean;
}

function parseOptions(): Options {
  const dlrStorage = option('dlr-storage', 'internal');
  if (dlrStorage !== 'internal' && dlrStorage !== 'pgsql') throw new Error('--dlr-storage internal|pgsql');
  return {
    messages: Number(option('messages', '100000')),
    concurrency: Number(option('concurrency', '32')),
    recipientsPerRequest: Number(option('recipients-per-request', '1')),
    connections: Number(option('connections', '8')),
    window: Number(option('window', '16')),
    throughput: Number(option('throughput', '0')),
    maxPendingRequests: Number(option('max-pending-requests', '512')),
    outgoingQueueLimit: Number(option('outgoing-queue-limit', '-1')),
    logLevel: Number(option('log-level', '2')),
    accessLog: process.argv.includes('--access-log'),
    dlrStorage,
    reportDelay: option('report-delay', '0-50'),
    keep: process.argv.includes('--keep'),
  };
}

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
/** The bench:e2e notification text with its signature: Chinese, so UCS-2 on SMPP, one segment. */
const text = (index: number): string =>
  `【通道科技】亲爱的客户${index % 1000}，您的订单SO${index}已发货，请注意查收。`;
const FIRST_RECIPIENT = 13800130000;
const recipient = (index: number): string => String(FIRST_RECIPIENT + index);
/** The message a receipt belongs to, from the receiver number Kannel puts in the dlr-url. */
const indexOfRecipient = (number: string): number =>
  Number(number.replace(/\D/g, '').slice(-11)) - FIRST_RECIPIENT;
/**
 * Kannel DLR type bits that end a message: 1 delivered, 2 failed at the carrier, 16 rejected by the SMSC. Kannel
 * 1.4.5 reports an EXPIRED receipt as 34 (failed, with bit 32 for expiry), so finality is a bit test.
 */
const DLR_MASK = 1 | 2 | 16;
const isFinal = (type: number): boolean => (type & DLR_MASK) !== 0;

interface Sink {
  port: number;
  /** Per message: time of its first final receipt (0 = none yet) and how many final receipts came. */
  finalAt: Float64Array;
  receipts: Uint16Array;
  /** Final receipts by Kannel DLR type. */
  types: Map<number, number>;
  /** Receipts of other types (buffered, submitted) by type: the mask asks for none, so any is a surprise. */
  nonFinal: Map<number, number>;
  unknown: number;
  finals: number;
  close(): Promise<void>;
}

async function startSink(messages: number): Promise<Sink> {
  const sink: Sink = {
    port: 0,
    finalAt: new Float64Array(messages),
    receipts: new Uint16Array(messages),
    types: new Map<number, number>(),
    nonFinal: new Map<number, number>(),
    unknown: 0,
    finals: 0,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server = rawGetServer((target) => {
    if (process.env.DEBUG_DLR) process.stderr.write(`dlr ${target}\n`);
    const receiver = /[?&]p=([^&]+)/.exec(target)?.[1];
    const index = receiver === undefined ? -1 : indexOfRecipient(decodeURIComponent(receiver));
    const type = Number(/[?&]t=(\d+)/.exec(target)?.[1] ?? 0);
    if (index < 0 || index >= messages) sink.unknown += 1;
    else if (!isFinal(type)) sink.nonFinal.set(type, (sink.nonFinal.get(type) ?? 0) + 1);
    else {
      sink.types.set(type, (sink.types.get(type) ?? 0) + 1);
      sink.receipts[index] += 1;
      if (sink.finalAt[index] === 0) {
        sink.finalAt[index] = Date.now();
        sink.finals += 1;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = (server.address() as AddressInfo).port;
  return sink;
}

interface Box {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

function startBox(name: string, binary: string, configFile: string): Box {
  const child = spawn(binary, [configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
  child.stderr!.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, process: child, exited, output: () => output };
}

async function stopBox(box: Box): Promise<void> {
  if (box.process.exitCode !== null || box.process.signalCode !== null) return;
  box.process.kill('SIGTERM');
  const timer = setTimeout(() => box.process.kill('SIGKILL'), 15_000);
  await box.exited;
  clearTimeout(timer);
}

async function main(): Promise<void> {
  const options = parseOptions();
  for (const binary of [BEARERBOX, SMSBOX])
    if (!existsSync(binary)) throw new Error(`${binary} not found: apt-get install -y kannel`);
  const dir = mkdtempSync(join(tmpdir(), 'tongdao-kannel-'));
  const cleanups: Array<() => Promise<void>> = [];
  const boxes: Box[] = [];
  let simulator: ChildApp | undefined;
  try {
    const sink = await startSink(options.messages);
    cleanups.push(() => sink.close());

    const { ports: simPorts, env: portEnv } = await freeAppPorts();
    simulator = startChildApp('apps/carrier-sim/src/main.ts', {
      ...process.env,
      ...portEnv,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      // Production config requires these; the simulator itself never connects to either.
      DATABASE_URL: process.env.DATABASE_URL ?? DEFAULT_SERVER_URL,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      SECRETS_KEY: randomBytes(32).toString('hex'),
      SIM_REPORT_DELAY_MS: options.reportDelay,
      SIM_SUBMIT_LATENCY_MS: '0-0',
    });
    const sim = simulator;
    cleanups.push(async () => void (await sim.stop('SIGTERM')));
    await Promise.race([
      waitForHttp(simPorts.SIM_CONTROL_PORT, '/gateways'),
      sim.exited().then((code) => Promise.reject(new Error(`simulator exited with ${code}`))),
    ]);

    let databaseUrl: string | undefined;
    if (options.dlrStorage === 'pgsql') {
      const serverUrl = process.env.DATABASE_URL ?? DEFAULT_SERVER_URL;
      const database = `kannel_bench_${randomBytes(4).toString('hex')}`;
      await admin(serverUrl, `CREATE DATABASE ${database}`);
      cleanups.push(() =>
        options.keep
          ? Promise.resolve()
          : admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
      );
      databaseUrl = withDatabase(serverUrl, database);
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      for (const sql of DLR_TABLE_SQL) await client.query(sql);
      await client.end();
      const url = new URL(serverUrl);
      options.pgsql = {
        host: url.hostname,
        port: Number(url.port || 5432),
        user: decodeURIComponent(url.username || 'postgres'),
        database,
        // One per SMPP bind: receipts are stored and looked up from each bind's own thread.
        connections: options.connections,
      };
    }

    const [adminPort, smsboxPort, sendsmsPort] = await freePorts(3);
    const kannelPorts = {
      admin: adminPort!,
      smsbox: smsboxPort!,
      sendsms: sendsmsPort!,
      simulatorSmpp: simPorts.SIM_SMPP_PORT,
    };
    const configFile = join(dir, 'kannel.conf');
    writeFileSync(configFile, kannelConfig(dir, kannelPorts, options));
    boxes.push(startBox('bearerbox', BEARERBOX, configFile));
    await waitForBinds(kannelPorts.admin, options.connections, boxes);
    boxes.push(startBox('smsbox', SMSBOX, configFile));
    await waitForSendsms(kannelPorts.sendsms, boxes);

    const result = await run(options, sink, kannelPorts, simPorts.SIM_CONTROL_PORT, boxes, sim, databaseUrl);
    console.log(JSON.stringify(result, null, 2));
  } catch (error) {
    for (const box of boxes) process.stderr.write(`--- ${box.name} output (tail)\n${box.output()}\n`);
    if (simulator) process.stderr.write(`--- simulator output (tail)\n${simulator.output().slice(-5000)}\n`);
    process.stderr.write(`--- Kannel logs kept in ${dir}\n`);
    options.keep = true;
    throw error;
  } finally {
    for (const box of [...boxes].reverse()) await stopBox(box);
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (options.keep) process.stderr.write(`Kannel config and logs: ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function run(
  options: Options,
  sink: Sink,
  ports: { admin: number; sendsms: number },
  simulatorControlPort: number,
  boxes: Box[],
  simulator: ChildApp,
  databaseUrl: string | undefined,
): Promise<Record<string, unknown>> {
  const pids: Record<string, number> = {
    bearerbox: boxes[0]!.process.pid!,
    smsbox: boxes[1]!.process.pid!,
    simulator: simulator.process.pid!,
    bench: process.pid,
  };
  const cpuBefore = cpuSeconds(pids);
  const machineBefore = machineCpu();
  const acceptedAt = new Float64Array(options.messages);
  const refusals = new Map<string, number>();
  // One dlr-url serves every recipient of a request: the receiver number says which message it is (in a receipt,
  // Kannel swaps the numbers: %p is the original receiver).
  const dlrUrl = `http://127.0.0.1:${sink.port}/dlr?${process.env.DEBUG_DLR ? 'a=%A&' : ''}t=%d&p=%p`;
  const pathFor = (indices: readonly number[]): string =>
    `/cgi-bin/sendsms?username=${SENDSMS_USER.username}&password=${SENDSMS_USER.password}` +
    `&from=10690000&to=${encodeURIComponent(indices.map(recipient).join(' '))}&charset=UTF-8&coding=2` +
    `&text=${encodeURIComponent(text(indices[0]!))}&dlr-mask=${DLR_MASK}&dlr-url=${encodeURIComponent(dlrUrl)}`;

  const started = Date.now();
  let next = 0;
  const connections: RawHttpConnection[] = [];
  const sender = async (): Promise<void> => {
    const connection = new RawHttpConnection('127.0.0.1', ports.sendsms);
    connections.push(connection);
    while (next < options.messages) {
      const first = next;
      next = Math.min(options.messages, next + options.recipientsPerRequest);
      const indices = Array.from({ length: next - first }, (_, offset) => first + offset);
      // A refusal (queue full, say) is counted and the message offered again: every message must go through.
      for (let attempt = 0; ; attempt += 1) {
        const { status, body } = await connection.get(pathFor(indices));
        if (status === 202 || status === 200) break;
        const key = `${status} ${body.trim().slice(0, 80)}`;
        refusals.set(key, (refusals.get(key) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 10 * 2 ** attempt)));
      }
      const now = Date.now();
      for (const index of indices) acceptedAt[index] = now;
    }
  };
  const progress = setInterval(
    () =>
      process.stderr.write(
        `  ${((Date.now() - started) / 1000).toFixed(0)} s: ${next} sent, ${sink.finals}/${options.messages} final\n`,
      ),
    10_000,
  );
  try {
    await Promise.all(Array.from({ length: options.concurrency }, sender));
    const allAccepted = Date.now();
    const stalled = !(await waitForCount(() => sink.finals, options.messages));
    // Late duplicates would arrive within the receipt delay; give them time before counting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const cpuAfter = cpuSeconds(pids);
    const machineAfter = machineCpu();
    const machineBusy = machineAfter.busy + machineAfter.steal - (machineBefore.busy + machineBefore.steal);
    const loadavg = loadAverage();
    let lastFinal = 0;
    let missing = 0;
    let duplicates = 0;
    const latencies: number[] = [];
    for (let index = 0; index < options.messages; index += 1) {
      if (sink.finalAt[index] === 0) missing += 1;
      else {
        lastFinal = Math.max(lastFinal, sink.finalAt[index]!);
        latencies.push(sink.finalAt[index]! - acceptedAt[index]!);
      }
      if (sink.receipts[index]! > 1) duplicates += sink.receipts[index]! - 1;
    }
    latencies.sort((a, b) => a - b);
    const percentile = (p: number): number =>
      latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : NaN;
    const seconds = (lastFinal - started) / 1000;
    const cpu = Object.fromEntries(
      Object.keys(pids).map((name) => [name, +(cpuAfter[name]! - cpuBefore[name]!).toFixed(1)]),
    );
    if (databaseUrl) cpu.postgres = +(machineAfter.postgres - machineBefore.postgres).toFixed(1);
    return {
      kannel: '1.4.5 (Debian kannel 1.4.5-12)',
      messages: options.messages,
      concurrency: options.concurrency,
      settings: {
        dlrStorage: options.dlrStorage,
        smppBinds: options.connections,
        maxPendingSubmits: options.window,
        throughput: options.throughput || 'unlimited',
        smsboxMaxPendingRequests: options.maxPendingRequests,
        smsOutgoingQueueLimit: options.outgoingQueueLimit,
        dlrMask: DLR_MASK,
        logLevel: options.logLevel,
        accessLog: options.accessLog,
        reportDelayMs: options.reportDelay,
      },
      acceptSeconds: (allAccepted - started) / 1000,
      acceptPerSecond: Math.round(options.messages / ((allAccepted - started) / 1000)),
      endToEndSeconds: missing === 0 ? seconds : null,
      endToEndPerSecond: missing === 0 ? Math.round(options.messages / seconds) : null,
      stalledAfterSeconds: stalled ? (Date.now() - started) / 1000 : undefined,
      latencyMs: {
        acceptToFinalP50: percentile(0.5),
        acceptToFinalP95: percentile(0.95),
        acceptToFinalP99: percentile(0.99),
        acceptToFinalMax: latencies.length ? latencies[latencies.length - 1] : NaN,
      },
      sink: {
        finalReceipts: Object.fromEntries(sink.types),
        messagesWithFinal: options.messages - missing,
        missing,
        duplicates,
        nonFinalReceipts: Object.fromEntries(sink.nonFinal),
        unknownReceipts: sink.unknown,
      },
      sendsmsRefusals: Object.fromEntries(refusals),
      simulator: await simulatorSummary(simulatorControlPort),
      kannelStatus: await kannelStatus(ports.admin),
      // Every final receipt should have taken its row out again.
      dlrRowsLeft: databaseUrl ? await dlrRows(databaseUrl) : undefined,
      cpuSeconds: cpu,
      // Everything busy on the machine, kernel included: far above the processes' sum means something else ran.
      machineBusySeconds: +machineBusy.toFixed(1),
      loadavg,
    };
  } finally {
    clearInterval(progress);
    for (const connection of connections) connection.close();
  }
}

/** bearerbox is ready once the simulator has accepted every bind. */
async function waitForBinds(adminPort: number, binds: number, boxes: Box[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const online = await statusText(adminPort)
      .then((status) => (status.match(/\(online \d+s/g) ?? []).length)
      .catch(() => 0);
    if (online >= binds) return;
    if (boxes.some((box) => box.process.exitCode !== null)) throw new Error('bearerbox exited');
    if (Date.now() > deadline) throw new Error(`only ${online}/${binds} SMPP binds online`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForSendsms(port: number, boxes: Box[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const probe = new RawHttpConnection('127.0.0.1', port);
    // Any answer from the sendsms interface will do (this one is a refusal: no credentials).
    const answered = await probe.get('/cgi-bin/sendsms').then(
      () => true,
      () => false,
    );
    probe.close();
    if (answered) return;
    if (boxes.some((box) => box.process.exitCode !== null)) throw new Error('a Kannel box exited');
    if (Date.now() > deadline) throw new Error('smsbox sendsms interface did not come up');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function statusText(adminPort: number): Promise<string> {
  return get(adminPort, `/status.txt?password=${ADMIN_PASSWORD}`);
}

/** Kannel's own counters at the end: what bearerbox received and sent, DLRs, and what each bind did. */
async function kannelStatus(adminPort: number): Promise<Record<string, unknown>> {
  const status = await statusText(adminPort).catch((error: Error) => `unavailable: ${error.message}`);
  const line = (pattern: RegExp): string | undefined =>
    status
      .split('\n')
      .find((row) => pattern.test(row))
      ?.trim();
  return {
    sms: line(/^SMS:/),
    dlr: line(/^DLR:/),
    binds: status
      .split('\n')
      .filter((row) => row.includes(`${SMSC_ID}[`) || row.trim().startsWith(SMSC_ID))
      .map((row) => row.trim()),
  };
}

async function dlrRows(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${DLR_TABLE}`);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
