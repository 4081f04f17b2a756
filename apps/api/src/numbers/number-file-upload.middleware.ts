import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG } from '@tongdao/platform';
import { RawUploadMiddleware } from '../common/raw-upload.middleware';

/** Prefix files and override lists, up to NUMBERS_IMPORT_MAX_BYTES. */
@Injectable()
export class NumberFileUploadMiddleware extends RawUploadMiddleware {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.numbers.importMaxBytes);
  }
}
