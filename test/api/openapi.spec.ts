import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from './api-test-helpers';
import { BadInputContext, badInputCases } from './bad-input-cases';

interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}
interface Operation {
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }>; 'x-error-codes'?: string[] }>;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Issue 10: the OpenAPI document tells the truth about statuses, error codes and null. */
describe('the OpenAPI document', () => {
  let api: ApiTestApp;
  let document: Document;
  let signature: string;
  let templateId: string;

  beforeAll(async () => {
    api = await createApiTestApp();
    document = (await api.http.get('/docs-json')).body as Document;
    signature = await api.seed.approvedSignature(api.seed.operator, '通道科技');
    templateId = await api.seed.approvedTemplate(api.seed.operator, '验证码${code}', 'verification');
  });

  afterAll(async () => {
    await api?.close();
  });

  const operations = (): Array<[string, string, Operation]> =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method): [string, string, Operation] => [
        path,
        method,
        item[method]!,
      ]),
    );

  /** The documented route a concrete request path falls on (fewest parameters wins). */
  const routeOf = (path: string): string | undefined => {
    const bare = path.split('?')[0]!;
    return Object.keys(document.paths)
      .filter((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare))
      .sort((a, b) => (a.match(/\{/g) ?? []).length - (b.match(/\{/g) ?? []).length)[0];
  };

  it('lists every status and code the bad-input table produces on its route', () => {
    const ctx: BadInputContext = {
      signature: 's',
      templateId: '5b0c3f8e-1d2a-4c6b-9e7f-0a1b2c3d4e5f',
      pendingSignature: 'p',
      restrictedKey: 'k',
      operatorId: '5b0c3f8e-1d2a-4c6b-9e7f-0a1b2c3d4e5f',
      bodyLimit: 1024,
    };
    const missing: string[] = [];
    let checked = 0;
    for (const [name, build] of badInputCases(ctx)) {
      const bad = build();
      if (bad.code === 'ROUTE_NOT_FOUND') continue;
      const method = bad.method ?? 'post';
      const route = routeOf(bad.path ?? '/v1/messages');
      const response = route ? document.paths[route]![method]?.responses[String(bad.status)] : undefined;
      checked += 1;
      if (!response?.['x-error-codes']?.includes(bad.code))
        missing.push(`${name}: ${method.toUpperCase()} ${route} ${bad.status} ${bad.code}`);
    }
    expect(checked).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });

  it('documents the error body and codes for every error status of every operation', () => {
    expect(document.components.schemas.ErrorBody).toBeDefined();
    const problems: string[] = [];
    for (const [path, method, operation] of operations()) {
      const statuses = Object.keys(operation.responses);
      const need = (status: string, why: string) => {
        if (!statuses.includes(status)) problems.push(`${method} ${path}: no ${status} (${why})`);
      };
      if ((operation.security ?? []).length > 0) {
        need('401', 'authenticated');
        need('403', 'authenticated');
      }
      if (operation.requestBody) {
        need('400', 'has a body');
        need('413', 'has a body');
      }
      if (operation.parameters?.some((parameter) => parameter.in === 'path')) need('404', 'path parameter');
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const schema = response.content?.['application/json']?.schema;
        if (schema?.$ref !== '#/components/schemas/ErrorBody')
          problems.push(`${method} ${path} ${status}: not the error body`);
        if (!response['x-error-codes']?.length) problems.push(`${method} ${path} ${status}: no error codes`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents the success status each handler answers', () => {
    const problems: string[] = [];
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
        if (!type) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = (type.prototype as Record<string, unknown>)[name];
          if (typeof handler !== 'function' || name === 'constructor') continue;
          const routePath = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
          const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
          if (routePath === undefined || verb === undefined) continue;
          const method = RequestMethod[verb].toLowerCase();
          const path = `/${[base, routePath].filter((part) => part && part !== '/').join('/')}`
            .replace(/\/+/g, '/')
            .replace(/:([A-Za-z_]+)/g, '{$1}');
          const operation = document.paths[path]?.[method];
          if (!operation) continue; // excluded from the document (health, metrics)
          const expected =
            (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
            (method === 'post' ? 201 : 200);
          if (!operation.responses[String(expected)])
            problems.push(
              `${method} ${path} answers ${expected}, documents ${Object.keys(operation.responses)}`,
            );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  describe('null for every field of every request body', () => {
    const resolve = (schema: Schema | undefined): Schema | undefined => {
      if (!schema) return undefined;
      if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
      if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
      return schema;
    };

    /** Every property path of a body schema, with whether the document says it may be null. */
    const fieldsOf = (
      schema: Schema | undefined,
      prefix: string[] = [],
      depth = 0,
    ): Array<{ path: string[]; nullable: boolean }> => {
      const resolved = resolve(schema);
      if (!resolved?.properties || depth > 3) return [];
      return Object.entries(resolved.properties).flatMap(([name, property]) => {
        const path = [...prefix, name];
        const own = resolve(property) ?? property;
        const nullable = property.nullable === true || own.nullable === true;
        const nested =
          own.type === 'array' && own.items
            ? fieldsOf(own.items, [...path, '0'], depth + 1)
            : own.properties
              ? fieldsOf(own, path, depth + 1)
              : [];
        return [{ path, nullable }, ...nested];
      });
    };

    const withNull = (path: string[], base: Record<string, unknown> = {}): Record<string, unknown> => {
      const body = structuredClone(base);
      let at: Record<string, unknown> | unknown[] = body;
      path.forEach((part, index) => {
        const last = index === path.length - 1;
        const key = /^\d+$/.test(part) ? Number(part) : part;
        if (last) {
          (at as Record<string | number, unknown>)[key] = null;
          return;
        }
        const next = /^\d+$/.test(path[index + 1]!) ? [] : {};
        const container = at as Record<string | number, unknown>;
        if (typeof container[key] !== 'object' || container[key] === null) container[key] = next;
        at = container[key] as Record<string, unknown>;
      });
      return body;
    };

    const fieldName = (path: string[]) =>
      path.reduce(
        (name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part),
        '',
      );

    let routeId = 'test-id';
    const concrete = (path: string) =>
      path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        path.startsWith('/v1/channels')
          ? 'null-test'
          : path.startsWith('/v1/routes')
            ? routeId
            : name === 'phone'
              ? '13800138000'
              : api.seed.operator.id,
      );

    beforeAll(async () => {
      // A channel and a route to PATCH, so that merge patches reach their body handling.
      const channel = await api.http
        .post('/v1/channels')
        .set(bearer(api.seed.operatorKey))
        .send({
          id: 'null-test',
          protocol: 'cmpp3',
          host: 'ismg.example',
          port: 7890,
          account: '901234',
          password: 'plain-secret-1',
          sp_id: '901234',
          service_id: 'MTX0010001',
          source_number: '106900001234',
          carriers: ['CMCC'],
        });
      expect(channel.status).toBe(201);
      const route = await api.http
        .post('/v1/routes')
        .set(bearer(api.seed.operatorKey))
        .send({ target: 'CMCC', channels: [{ channel_id: 'null-test' }] });
      expect(route.status).toBe(201);
      routeId = String(route.body.id);
    });

    it('refuses null with 400 naming the field unless the field is documented nullable', async () => {
      const problems: string[] = [];
      let sent = 0;
      for (const [path, method, operation] of operations()) {
        const schema = operation.requestBody?.content['application/json']?.schema;
        if (!schema) continue;
        // The dry run takes the batch's body and answers per recipient the same way.
        const batch = path === '/v1/messages/batch' || path === '/v1/messages/check';
        // Channels and routes are changed by JSON merge patch (RFC 7396), where null removes a member.
        const operatorConfig = path.startsWith('/v1/channels') || path.startsWith('/v1/routes');
        const mergePatch = operatorConfig && method === 'patch';
        for (const { path: field, nullable } of fieldsOf(schema)) {
          const base = batch
            ? {
                signature,
                template_id: templateId,
                recipients: [{ phone: '13800138000', template_params: { code: '1' } }],
              }
            : {};
          if (batch && field[0] !== 'recipients') continue; // the envelope is the single send's, checked there
          if (batch && field.length === 1) continue;
          const body = withNull(field, batch ? base : {});
          const response = await api.http[method as 'post'](concrete(path))
            .set(bearer(api.seed.operatorKey))
            .send(body);
          sent += 1;
          const name = fieldName(field);
          const label = `${method.toUpperCase()} ${path} ${name}=null → ${response.status} ${JSON.stringify(response.body?.error ?? response.body?.results?.[0]?.error)}`;
          if (response.status >= 500) {
            problems.push(label);
            continue;
          }
          const error = batch ? response.body.results?.[0]?.error : response.body.error;
          const refusedAsNull =
            error?.code === 'VALIDATION_FAILED' &&
            (error.field === name ||
              (error.details?.problems as Array<{ field: string }> | undefined)?.some(
                (problem) => problem.field === name,
              ) === true);
          if (mergePatch) {
            // null removed the member (a required one then fails validation); the target must exist, though.
            if (response.status === 404) problems.push(`${label} (nothing to patch)`);
            continue;
          }
          if (nullable && refusedAsNull) problems.push(`${label} (documented nullable)`);
          if (!nullable && !refusedAsNull) problems.push(`${label} (expected VALIDATION_FAILED on ${name})`);
        }
      }
      expect(sent).toBeGreaterThan(40);
      expect(problems).toEqual([]);
    }, 120_000);
  });
});
