import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainException, ErrorCode } from '@tongdao/platform';

/** Channel and route ids are short slugs (routes created through the API get UUIDs, which are slugs too). */
@Injectable()
export class ChannelIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/i.test(value)) {
      const field = metadata.data ?? 'id';
      throw new DomainException(ErrorCode.InvalidId, `${field} must be a channel or route id`, field);
    }
    return value.toLowerCase();
  }
}
