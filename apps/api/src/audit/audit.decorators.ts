import { SetMetadata } from '@nestjs/common';

export const AUDIT_OMIT_BODY = 'tongdao:audit-omit-body';

/**
 * The audit entry of this route keeps no request body: for message traffic, whose bodies hold recipients and
 * verification codes (the messages and the ledger are its record).
 */
export const AuditOmitBody = (): MethodDecorator & ClassDecorator => SetMetadata(AUDIT_OMIT_BODY, true);
