import { DomainException, ErrorCode } from '@tongdao/platform';
import { PHONE_DAT_ENTRY_BYTES, PHONE_DAT_HEADER_BYTES, PrefixFileFormat } from '@tongdao/phone';
import { ApiRequest } from '../auth/api-request';

const CSV_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'text/comma-separated-values']);
const BINARY_TYPES = new Set(['application/octet-stream', 'application/x-phone-dat']);
/** No Content-Type, or the one curl sends by default with --data-binary. */
const UNSTATED_TYPES = new Set(['', 'application/x-www-form-urlencoded']);

export interface Upload {
  body: Buffer;
  mediaType: string;
  charset?: string;
}

/** The uploaded file. A JSON or form body means the client sent the file the wrong way; say how instead. */
export function uploadOf(request: ApiRequest): Upload {
  const [mediaType = '', ...parameters] = (request.header('content-type') ?? '').split(';');
  const type = mediaType.trim().toLowerCase();
  if (type === 'application/json' || type.startsWith('multipart/')) {
    throw new DomainException(
      ErrorCode.NumberFileFormatUnknown,
      `send the file itself as the request body (curl --data-binary @file -H 'Content-Type: text/csv'), not ${type}`,
      'body',
    );
  }
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  if (body.length === 0)
    throw new DomainException(ErrorCode.NumberFileInvalid, 'the uploaded file is empty', 'body');
  const charset = parameters
    .map((parameter) => parameter.trim().split('='))
    .find(([name]) => name?.toLowerCase() === 'charset')?.[1]
    ?.replace(/"/g, '');
  return { body, mediaType: type, charset };
}

/**
 * The prefix file's format: as named by `format`, else by Content-Type, else (no type, or curl's default
 * form type for --data-binary) by looking at the bytes: a consistent phone.dat header, or CSV.
 */
export function prefixFileFormat(upload: Upload, named?: PrefixFileFormat): PrefixFileFormat {
  if (named) return named;
  if (CSV_TYPES.has(upload.mediaType)) return 'csv';
  if (BINARY_TYPES.has(upload.mediaType)) return 'phone-dat';
  if (UNSTATED_TYPES.has(upload.mediaType)) return looksLikePhoneDat(upload.body) ? 'phone-dat' : 'csv';
  throw new DomainException(
    ErrorCode.NumberFileFormatUnknown,
    `${upload.mediaType} is neither CSV nor phone.dat; send text/csv or application/octet-stream, or pass format`,
    'format',
  );
}

/** Override lists are CSV only. */
export function requireCsv(upload: Upload): void {
  if (CSV_TYPES.has(upload.mediaType) || UNSTATED_TYPES.has(upload.mediaType)) return;
  throw new DomainException(
    ErrorCode.NumberFileFormatUnknown,
    `override lists are CSV; send Content-Type: text/csv, not ${upload.mediaType}`,
    'body',
  );
}

function looksLikePhoneDat(body: Buffer): boolean {
  if (body.length < PHONE_DAT_HEADER_BYTES + PHONE_DAT_ENTRY_BYTES) return false;
  const indexOffset = body.readInt32LE(4);
  return (
    indexOffset >= PHONE_DAT_HEADER_BYTES &&
    indexOffset < body.length &&
    (body.length - indexOffset) % PHONE_DAT_ENTRY_BYTES === 0
  );
}
