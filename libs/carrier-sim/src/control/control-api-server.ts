import * as http from 'node:http';
import { ConfigValidationError } from '../config/config-validation-error';
import { parseBehaviourPatch } from '../config/behaviour-patch';
import { SimulatedGateway } from '../gateways/simulated-gateway';
import { SimulatorLogger } from '../util/simulator-logger';
import { HttpError } from './http-error';
import { parseInboundRequest } from './inbound-request';

const MAX_BODY_BYTES = 64 * 1024;
const MAX_LIMIT = 100_000;

interface RouteMatch {
  gateway: SimulatedGateway | null;
  action: string;
}

type JsonReply = { status: number; body?: unknown };

/** The simulator's JSON control API on plain node:http, for tests, benchmarks and operators. */
export class ControlApiServer {
  private readonly server: http.Server;

  constructor(
    private readonly gateways: ReadonlyMap<string, SimulatedGateway>,
    private readonly logger: SimulatorLogger,
  ) {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 1000;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    let reply: JsonReply;
    try {
      reply = await this.route(request);
    } catch (err) {
      reply = this.errorReply(err);
    }
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
    });
    response.end(payload);
  }

  private errorReply(err: unknown): JsonReply {
    if (err instanceof HttpError)
      return {
        status: err.status,
        body: { error: { code: err.code, message: err.message, field: err.field } },
      };
    if (err instanceof ConfigValidationError) {
      return { status: 400, body: { error: { code: err.code, message: err.message, field: err.field } } };
    }
    this.logger.error({ err: String(err) }, 'control API failure');
    return { status: 500, body: { error: { code: 'internal', message: 'internal error', field: null } } };
  }

  private async route(request: http.IncomingMessage): Promise<JsonReply> {
    const url = new URL(request.url ?? '/', 'http://control');
    const method = request.method ?? 'GET';
    if (url.pathname === '/healthz' && method === 'GET')
      return { status: 200, body: { status: 'ok', gateways: this.gateways.size } };
    if (url.pathname === '/gateways' && method === 'GET') {
      return {
        status: 200,
        body: { gateways: [...this.gateways.values()].map((gateway) => gateway.describe()) },
      };
    }
    const match = this.matchGateway(url.pathname);
    if (!match) throw new HttpError(404, 'not_found', `no route for ${method} ${url.pathname}`);
    if (!match.gateway) throw new HttpError(404, 'unknown_gateway', 'no gateway with that name', 'name');
    return this.gatewayRoute(method, match.action, match.gateway, request, url.searchParams);
  }

  private matchGateway(pathname: string): RouteMatch | null {
    const parts = pathname.split('/').filter(Boolean);
    if (parts[0] !== 'gateways' || parts.length < 2 || parts.length > 3) return null;
    const name = decodeURIComponent(parts[1]);
    return { gateway: this.gateways.get(name) ?? null, action: parts[2] ?? '' };
  }

  private async gatewayRoute(
    method: string,
    action: string,
    gateway: SimulatedGateway,
    request: http.IncomingMessage,
    query: URLSearchParams,
  ): Promise<JsonReply> {
    const key = `${method} ${action}`;
    switch (key) {
      case 'GET ':
        return { status: 200, body: gateway.describe() };
      case 'PATCH ':
        gateway.updateBehaviour(parseBehaviourPatch(await this.readJson(request)));
        return { status: 200, body: gateway.describe() };
      case 'POST inbound': {
        const message = parseInboundRequest(
          await this.readJson(request),
          (account) => !!gateway.findAccount(account),
        );
        return { status: 202, body: { segments: gateway.injectInbound(message) } };
      }
      case 'GET received':
        return { status: 200, body: { messages: gateway.recorder.query(this.receivedQuery(query)) } };
      case 'GET summary':
        return { status: 200, body: gateway.recorder.summary() };
      case 'DELETE received':
        gateway.recorder.clear();
        return { status: 204 };
      default:
        throw new HttpError(
          action === '' || ['inbound', 'received', 'summary'].includes(action) ? 405 : 404,
          'no_route',
          `no route for ${method} /gateways/${gateway.name}/${action}`,
        );
    }
  }

  private receivedQuery(query: URLSearchParams): { destination?: string; limit?: number } {
    const destination = query.get('destination') ?? undefined;
    const rawLimit = query.get('limit');
    if (rawLimit === null) return { destination, limit: 1000 };
    const limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new HttpError(
        400,
        'invalid_field',
        `limit must be an integer between 1 and ${MAX_LIMIT}`,
        'limit',
      );
    }
    return { destination, limit };
  }

  private async readJson(request: http.IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES)
        throw new HttpError(413, 'body_too_large', `body exceeds ${MAX_BODY_BYTES} bytes`, 'body');
      chunks.push(chunk as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_json', 'body must be valid JSON', 'body');
    }
  }
}
