import { Global, Module } from '@nestjs/common';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyLookup } from './api-key-lookup';
import { ApiKeyGuard } from './api-key.guard';
import { IpAllowlistPolicy } from './ip-allowlist-policy';
import { RequestSignatureVerifier } from './request-signature-verifier';

@Global()
@Module({
  providers: [
    ApiKeyLookup,
    ApiKeyCache,
    ApiKeyAuthenticator,
    RequestSignatureVerifier,
    IpAllowlistPolicy,
    ApiKeyGuard,
  ],
  exports: [ApiKeyCache, ApiKeyAuthenticator, RequestSignatureVerifier, IpAllowlistPolicy, ApiKeyGuard],
})
export class AuthModule {}
