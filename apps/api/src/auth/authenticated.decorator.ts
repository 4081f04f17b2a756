import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyGuard } from './api-key.guard';
import { Scope } from './scope';

export const REQUIRED_SCOPES = 'tongdao:required-scopes';
export const OPERATOR_ONLY = 'tongdao:operator-only';

/** Marks a route as needing an API key with all of the given scopes (and documents it in OpenAPI). */
export function Authenticated(...scopes: Scope[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    UseGuards(ApiKeyGuard),
    ApiBearerAuth(),
    ApiHeader({
      name: 'X-Tongdao-Timestamp',
      required: false,
      description: 'Unix seconds; for signed requests',
    }),
    ApiHeader({
      name: 'X-Tongdao-Nonce',
      required: false,
      description: 'Single-use random string; for signed requests',
    }),
    ApiHeader({
      name: 'X-Tongdao-Signature',
      required: false,
      description:
        'hex HMAC-SHA256(signing secret, METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nSHA256_HEX(body))',
    }),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or revoked key, or a bad request signature' }),
  );
}

/**
 * Like Authenticated, and the key must belong to the operator account (the root of the tree): platform-wide
 * settings such as channels, number data and global word lists.
 */
export function OperatorOnly(...scopes: Scope[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    Authenticated(...scopes),
    SetMetadata(OPERATOR_ONLY, true),
    ApiForbiddenResponse({ description: 'The key does not belong to the operator account' }),
  );
}
