import { DomainException, ErrorCode } from '@tongdao/platform';
import { checkTargetUrl, customCodeProblem, TargetUrlProblem } from '@tongdao/short-links';

export interface LinkInput {
  targetUrl: string;
  code?: string;
  domain?: string;
  tags: string[];
  expiresAt: Date | null;
  clickCap: number | null;
}

const TARGET_CODES: Record<TargetUrlProblem, ErrorCode> = {
  TARGET_URL_INVALID: ErrorCode.TargetUrlInvalid,
  TARGET_URL_TOO_LONG: ErrorCode.TargetUrlTooLong,
  TARGET_URL_CONTROL_CHARACTERS: ErrorCode.TargetUrlControlCharacters,
  TARGET_URL_SCHEME_NOT_ALLOWED: ErrorCode.TargetUrlSchemeNotAllowed,
  TARGET_URL_CREDENTIALS_NOT_ALLOWED: ErrorCode.TargetUrlCredentialsNotAllowed,
  TARGET_URL_HOST_INVALID: ErrorCode.TargetUrlHostInvalid,
};

/** The target, normalised; a refusal names its reason as the code and `field`. */
export function targetUrlOrThrow(value: unknown, field = 'target_url'): string {
  const verdict = checkTargetUrl(value);
  if (!verdict.ok)
    throw new DomainException(TARGET_CODES[verdict.problem], `${field} ${verdict.message}`, field);
  return verdict.url;
}

export function codeOrThrow(value: string, field = 'code'): string {
  const problem = customCodeProblem(value);
  if (problem === 'CODE_RESERVED')
    throw new DomainException(ErrorCode.ShortCodeInvalid, `${field} ${value} is reserved`, field);
  if (problem)
    throw new DomainException(
      ErrorCode.ShortCodeInvalid,
      `${field} must be 4–8 letters, digits, - or _`,
      field,
    );
  return value;
}

export function expiryOrThrow(
  value: string | null | undefined,
  field = 'expires_at',
  now = Date.now(),
): Date | null {
  if (value === undefined || value === null) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new DomainException(ErrorCode.ValidationFailed, `${field} must be an ISO 8601 time`, field);
  if (at.getTime() <= now)
    throw new DomainException(ErrorCode.ValidationFailed, `${field} must be in the future`, field);
  return at;
}

/** Checks a create request (already shape-validated) and normalises it. `prefix` names the item in a bulk call. */
export function toLinkInput(
  dto: {
    target_url: string;
    code?: string;
    domain?: string;
    tags?: string[];
    expires_at?: string;
    click_cap?: number;
  },
  prefix = '',
): LinkInput {
  return {
    targetUrl: targetUrlOrThrow(dto.target_url, `${prefix}target_url`),
    code: dto.code === undefined ? undefined : codeOrThrow(dto.code, `${prefix}code`),
    domain: dto.domain?.toLowerCase(),
    tags: [...new Set(dto.tags ?? [])],
    expiresAt: expiryOrThrow(dto.expires_at, `${prefix}expires_at`),
    clickCap: dto.click_cap ?? null,
  };
}
