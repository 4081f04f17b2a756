import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkOptions {
  url: string;
  seconds: number;
  connections: number;
  threads: number;
  /** A Lua script shaping the requests (path, method, headers, body). */
  script?: string;
}

/** What wrk printed, parsed: every benchmark that loads an HTTP server over loopback reads the same figures. */
export interface WrkResult {
  requests: number;
  perSecond: number;
  p50: string;
  p99: string;
  /** Responses wrk counted as neither 2xx nor 3xx. */
  non2xx3xx: number;
  errors: string;
}

export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const args = [
    '-t',
    String(options.threads),
    '-c',
    String(options.connections),
    '-d',
    `${options.seconds}s`,
  ];
  args.push('--latency', ...(options.script ? ['-s', options.script] : []), options.url);
  const { stdout } = await run('wrk', args, { maxBuffer: 1 << 20 });
  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? 0);
  return {
    requests: number(/(\d+) requests in/),
    perSecond: number(/Requests\/sec:\s+([\d.]+)/),
    // Anchored at the start of a line: the thread table's "+/- Stdev" column (e.g. "69.50%") must not match.
    p50: /^\s*50%\s+(\S+)/m.exec(stdout)?.[1] ?? '?',
    p99: /^\s*99%\s+(\S+)/m.exec(stdout)?.[1] ?? '?',
    non2xx3xx: number(/Non-2xx or 3xx responses: (\d+)/),
    errors: /Socket errors: (.*)/.exec(stdout)?.[1] ?? 'none',
  };
}
