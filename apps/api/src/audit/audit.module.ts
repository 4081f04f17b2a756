import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditRepository } from './audit.repository';
import { AuditTrail } from './audit-trail';

/** The audit trail: global, so any module's services can record before/after values on the current request. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditTrail, AuditRepository, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditTrail],
})
export class AuditModule {}
