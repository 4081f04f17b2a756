import { DomainException, ErrorCode } from '@tongdao/platform';
import { normalizePhone } from '@tongdao/phone';

/** The 11-digit national number of a mainland mobile written any accepted way; a 4xx naming `field` otherwise. */
export function mainlandNational(text: string, field = 'phone'): string {
  const parsed = normalizePhone(text);
  if (!parsed.ok)
    throw new DomainException(
      ErrorCode.InvalidPhone,
      `${parsed.reason} (${parsed.code})`,
      field,
      undefined,
      parsed.code,
    );
  if (!parsed.phone.mainland) {
    throw new DomainException(
      ErrorCode.NotMainlandMobile,
      'portability overrides apply to mainland mobile numbers only',
      field,
    );
  }
  return parsed.phone.national;
}
