import { Agent, request } from 'node:http';

export interface RedirectAnswer {
  status: number;
  location?: string;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One request to a redirector with an explicit Host header (fetch does not allow setting Host). */
export function hit(
  port: number,
  host: string,
  path: string,
  options: { method?: string; userAgent?: string; headers?: Record<string, string> } = {},
): Promise<RedirectAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        agent,
        headers: {
          host,
          'user-agent':
            options.userAgent ??
            'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export function closeRedirectClient(): void {
  agent.destroy();
}
