import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { isUuid } from './uuid-v7';

/** Path ids must be UUIDs; anything else is a 400 naming the parameter rather than a database error. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUuid(value)) {
      const field = metadata.data ?? 'id';
      throw new DomainException(ErrorCode.InvalidId, `${field} must be a UUID`, field);
    }
    return value.toLowerCase();
  }
}
