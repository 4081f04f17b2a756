import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * How long a child app may take to start: it compiles its TypeScript through swc and migrates a database, which takes
 * seconds on a quiet machine and well over a minute on a heavily loaded one (the suite must pass under a CPU hog).
 */
export const CHILD_START_TIMEOUT_MS = 180_000;

export interface ChildApp {
  process: ChildProcess;
  output(): string;
  /** Resolves when the output matches, rejects if the process exits first or the time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** The exit code, once the process ends by itself. */
  exited(): Promise<number | null>;
}

/** Runs one of the apps' entry points (TypeScript, through swc) in its own process. */
export function startChildApp(entry: string, env: Record<string, string | undefined>): ChildApp {
  // Node flags for profiling a benchmark's apps (`--cpu-prof` is not allowed in NODE_OPTIONS).
  const nodeFlags = (process.env.CHILD_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeFlags, '-r', '@swc-node/register', join(ROOT, entry)], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => output,
    waitForOutput: (pattern, timeoutMs = CHILD_START_TIMEOUT_MS) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`)),
          timeoutMs,
        );
        const poll = setInterval(() => {
          const match = pattern.exec(output);
          if (match) finish(undefined, match);
        }, 50);
        void exited.then((code) =>
          finish(new Error(`${entry} exited with ${code} before ${pattern}; output:\n${output}`)),
        );
        function finish(error?: Error, match?: RegExpExecArray): void {
          clearTimeout(timer);
          clearInterval(poll);
          if (match) resolve(match);
          else reject(error);
        }
      }),
    exited: () => exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Environment for a child app: this process's, without the variables the test sets itself. */
export function childEnv(overrides: Record<string, string | undefined>): Record<string, string | undefined> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  for (const key of Object.keys(base)) if (key.startsWith('SIM_') || key.startsWith('API_')) delete base[key];
  // Apps of parallel suites share one Redis: their own key prefix keeps channel leases and rates apart.
  const redisKeyPrefix = `tongdao-child:${randomBytes(4).toString('hex')}:`;
  // Issue 9b: no platform frequency caps unless the suite sets them (codes go to the same test numbers often).
  const uncapped = {
    COMPLIANCE_CAPS_VERIFICATION: 'none',
    COMPLIANCE_CAPS_NOTIFICATION: 'none',
    COMPLIANCE_CAPS_MARKETING: 'none',
  };
  return { ...base, NODE_ENV: 'development', REDIS_KEY_PREFIX: redisKeyPrefix, ...uncapped, ...overrides };
}

/**
 * Ports for child apps, drawn below Linux's ephemeral range (32768+): a port the kernel hands out
 * for `listen(0)` or an outgoing connection could be taken again before the child binds it.
 */
const CHILD_PORT_RANGE = { from: 20_000, to: 32_000 };

export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const candidate =
      CHILD_PORT_RANGE.from + Math.floor(Math.random() * (CHILD_PORT_RANGE.to - CHILD_PORT_RANGE.from));
    if (!ports.has(candidate) && (await canListen(candidate))) ports.add(candidate);
  }
  return [...ports];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const PORT_VARIABLES = [
  'API_PORT',
  'REDIRECTOR_PORT',
  'DISPATCHER_HEALTH_PORT',
  'WORKER_HEALTH_PORT',
  'WEBHOOK_DEMO_PORT',
  'SIM_CONTROL_PORT',
  'SIM_CMPP3_PORT',
  'SIM_CMPP2_PORT',
  'SIM_SGIP_PORT',
  'SIM_SGIP_RECEIVER_PORT',
  'SIM_SMGP_PORT',
  'SIM_SMPP_PORT',
  'SIM_SGIP2_PORT',
  'SIM_SGIP2_RECEIVER_PORT',
  'SIM_SMGP2_PORT',
] as const;

export type AppPorts = Record<(typeof PORT_VARIABLES)[number], number>;

/** A free loopback port for every listening socket the apps open, so parallel suites never clash. */
export async function freeAppPorts(): Promise<{ ports: AppPorts; env: Record<string, string> }> {
  const numbers = await freePorts(PORT_VARIABLES.length);
  const ports = Object.fromEntries(PORT_VARIABLES.map((name, index) => [name, numbers[index]!])) as AppPorts;
  const env = Object.fromEntries(PORT_VARIABLES.map((name) => [name, String(ports[name])]));
  return { ports, env };
}
