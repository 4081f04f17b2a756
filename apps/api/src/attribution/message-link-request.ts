import { extraParamsProblem } from '@tongdao/attribution';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { checkTargetUrl } from '@tongdao/short-links';

/** A send's `link` field, checked. */
export interface MessageLinkRequest {
  target: string;
  domain: string | null;
  campaignRef: string | null;
  utmContent: string | null;
  params: Readonly<Record<string, string>>;
  includeScheme: boolean;
}

const FIELDS = new Set(['target', 'domain', 'campaign_ref', 'utm_content', 'params', 'include_scheme']);
const HOST = /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Checks the `link` object by hand, so each problem names its exact field (`link.params.x`). */
export function parseMessageLink(raw: unknown, clickIdParam: string): MessageLinkRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid(ErrorCode.ValidationFailed, 'link must be an object', 'link');
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (!FIELDS.has(key)) throw invalid(ErrorCode.UnknownField, `Unknown field '${key}'`, `link.${key}`);
  const target = checkTargetUrl(record.target);
  if (!target.ok) throw invalid(target.problem as ErrorCode, `target ${target.message}`, 'link.target');
  const params = record.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw invalid(ErrorCode.ValidationFailed, 'params must be an object of strings', 'link.params');
  const problem = extraParamsProblem(params as Record<string, unknown>, clickIdParam);
  if (problem) throw invalid(ErrorCode.ValidationFailed, problem.message, problem.field);
  if (record.include_scheme !== undefined && typeof record.include_scheme !== 'boolean')
    throw invalid(ErrorCode.ValidationFailed, 'include_scheme must be a boolean', 'link.include_scheme');
  return {
    target: target.url,
    domain:
      optionalText(record.domain, 'link.domain', 253, (host) =>
        HOST.test(host.toLowerCase()),
      )?.toLowerCase() ?? null,
    campaignRef: optionalText(record.campaign_ref, 'link.campaign_ref', 64),
    utmContent: optionalText(record.utm_content, 'link.utm_content', 100),
    params: params as Record<string, string>,
    includeScheme: record.include_scheme === true,
  };
}

function optionalText(
  value: unknown,
  field: string,
  maxLength: number,
  valid: (text: string) => boolean = () => true,
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength || !valid(value))
    throw invalid(
      ErrorCode.ValidationFailed,
      `${field} must be a valid string of 1-${maxLength} characters`,
      field,
    );
  return value;
}

function invalid(code: ErrorCode, message: string, field: string): DomainException {
  return new DomainException(code, message, field);
}
