import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiRequest } from './api-request';
import { OPERATOR_ONLY, REQUIRED_SCOPES } from './authenticated.decorator';
import { IpAllowlistPolicy } from './ip-allowlist-policy';
import { RequestSignatureVerifier } from './request-signature-verifier';

/** Authenticates the key, verifies the request signature when present or required, and enforces scopes. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly signatures: RequestSignatureVerifier,
    private readonly ipPolicy: IpAllowlistPolicy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const key = await this.authenticator.authenticate(request.header('authorization'));
    this.ipPolicy.assertAllowed(key, request.ip);
    const signed = {
      method: request.method,
      pathWithQuery: request.originalUrl,
      body: request.rawBody ?? Buffer.alloc(0),
      header: (name: string) => request.header(name),
    };
    if (key.requireSignature || this.signatures.isSigned(signed)) await this.signatures.verify(signed, key);
    const needed =
      this.reflector.getAllAndOverride<string[]>(REQUIRED_SCOPES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const missing = needed.filter((scope) => !key.scopes.includes(scope));
    if (missing.length > 0) {
      throw new DomainException(
        ErrorCode.InsufficientScope,
        `This API key lacks the scope ${missing.join(', ')}`,
      );
    }
    const operatorOnly = this.reflector.getAllAndOverride<boolean>(OPERATOR_ONLY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (operatorOnly && key.accountKind !== 'operator') {
      throw new DomainException(ErrorCode.Forbidden, 'Only the operator account may do this');
    }
    request.principal = {
      keyId: key.id,
      keyPrefix: key.prefix,
      account: { id: key.accountId, path: key.accountPath },
      accountKind: key.accountKind,
      scopes: new Set(key.scopes),
    };
    return true;
  }
}
