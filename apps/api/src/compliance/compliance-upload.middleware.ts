import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG } from '@tongdao/platform';
import { RawUploadMiddleware } from '../common/raw-upload.middleware';

/** Opt-out lists (CSV, parsed as a stream by opt-out-import.ts), up to COMPLIANCE_IMPORT_MAX_BYTES. */
@Injectable()
export class ComplianceUploadMiddleware extends RawUploadMiddleware {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.complianceState.importMaxBytes);
  }
}
