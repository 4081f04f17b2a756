import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ApiRequest } from './api-request';
import { Principal } from './principal';

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<ApiRequest>().principal;
  if (!principal) throw new DomainException(ErrorCode.Unauthenticated, 'Authentication required');
  return principal;
});
