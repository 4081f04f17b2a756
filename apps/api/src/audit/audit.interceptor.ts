import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { AppConfig } from '@tongdao/config';
import { maskPhonesInText, maskPhonesInUrl } from '@tongdao/observability';
import { APP_CONFIG, HttpErrorFilter } from '@tongdao/platform';
import { ApiRequest } from '../auth/api-request';
import { Principal } from '../auth/principal';
import { AccountScope } from '../common/account-scope';
import { isUuid } from '../common/uuid-v7';
import { auditRequestBody } from './audit-request-body';
import { AuditRecording, AuditTrail } from './audit-trail';
import { AUDIT_OMIT_BODY } from './audit.decorators';
import { AuditRepository } from './audit.repository';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every authenticated mutating request leaves an audit entry: who (key and account), from where, when, which
 * route, the outcome (refusals included), the request body (secrets redacted, phones masked) and whatever
 * before/after values the services recorded through AuditTrail. It is registered for every route of the API, so
 * routes added later are covered without code of their own. The entry is written before the response goes out.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);
  private readonly errors = new HttpErrorFilter();

  constructor(
    private readonly trail: AuditTrail,
    private readonly entries: AuditRepository,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<ApiRequest>();
    if (!MUTATING.has(request.method) || !request.principal) return next.handle();
    const recording: AuditRecording = { changes: [] };
    return new Observable((subscriber) =>
      this.trail.run(recording, () =>
        next
          .handle()
          .pipe(
            mergeMap(async (body: unknown) => {
              await this.write(context, recording, { body });
              return body;
            }),
            catchError((error: unknown) =>
              from(this.write(context, recording, { error })).pipe(mergeMap(() => throwError(() => error))),
            ),
          )
          .subscribe(subscriber),
      ),
    );
  }

  private async write(
    context: ExecutionContext,
    recording: AuditRecording,
    outcome: { body?: unknown; error?: unknown },
  ): Promise<void> {
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const principal = request.principal as Principal;
    const failed = 'error' in outcome;
    const error = failed ? this.errors.toErrorResponse(outcome.error) : null;
    try {
      await this.entries.insert({
        actorKeyId: principal.keyId,
        actorKeyPrefix: principal.keyPrefix,
        actor: principal.account,
        ip: request.ip ?? null,
        method: request.method,
        route: (request.route as { path?: string } | undefined)?.path ?? request.path,
        path: maskPhonesInUrl(request.originalUrl),
        subject:
          recording.subject ?? (failed ? principal.account : await this.routeSubject(request, principal)),
        resourceId: failed ? null : maskedResourceId(outcome.body, request),
        status: error ? error.status : this.successStatus(context),
        errorCode: error ? error.body.error.code : null,
        request: this.reflector.getAllAndOverride<boolean>(AUDIT_OMIT_BODY, [
          context.getHandler(),
          context.getClass(),
        ])
          ? null
          : auditRequestBody(
              request.body,
              this.config.resellers.auditRequestMaxBytes,
              request.rawBody?.length,
            ),
        changes: recording.changes,
      });
    } catch (writeError) {
      // A change that cannot be audited must not look successful: the client sees the failure and retries.
      this.logger.error({ err: writeError, route: request.route?.path }, 'could not write the audit entry');
      throw writeError;
    }
  }

  /** The account a route's `account_id` (or `/v1/accounts/:id`) names, when it lies within the caller's scope. */
  private async routeSubject(request: ApiRequest, principal: Principal): Promise<AccountScope> {
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const named =
      params.account_id ??
      (((request.route as { path?: string } | undefined)?.path ?? '').startsWith('/v1/accounts/:id')
        ? params.id
        : undefined);
    if (!named || !isUuid(named) || named === principal.account.id) return principal.account;
    return (await this.entries.subjectInScope(principal.account, named.toLowerCase())) ?? principal.account;
  }

  private successStatus(context: ExecutionContext): number {
    const response = context.switchToHttp().getResponse<Response>();
    if (response.statusCode !== 200) return response.statusCode;
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    if (declared !== undefined) return declared;
    return context.switchToHttp().getRequest<ApiRequest>().method === 'POST' ? 201 : 200;
  }
}

/** What the request created or changed: the answer's id, else the last route parameter (masked: it may be a phone). */
function maskedResourceId(body: unknown, request: ApiRequest): string | null {
  const id = resourceId(body, request);
  return id === null ? null : maskPhonesInText(id);
}

function resourceId(body: unknown, request: ApiRequest): string | null {
  if (body && typeof body === 'object') {
    const value = body as { id?: unknown; batch_id?: unknown };
    if (typeof value.id === 'string') return value.id;
    if (typeof value.batch_id === 'string') return value.batch_id;
  }
  const last = Object.values((request.params ?? {}) as Record<string, unknown>).pop();
  return typeof last === 'string' ? last : null;
}
