import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { DomainException, ErrorCode } from '@tongdao/platform';
import type { BulkItem } from './short-links.service';

/** Longest accepted line: a 2,048-character target plus the other fields, with room to spare. */
const MAX_LINE_BYTES = 16 * 1024;

/**
 * Items of an NDJSON body, parsed line by line as the bytes arrive (nothing buffers the whole upload). Blank lines
 * are skipped; a line that is not JSON becomes a rejected item, numbered like the others (1-based).
 */
export async function* ndjsonItems(body: Readable): AsyncGenerator<BulkItem> {
  const lines = createInterface({ input: body, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') continue;
      if (text.length > MAX_LINE_BYTES) {
        yield {
          line,
          error: new DomainException(
            ErrorCode.PayloadTooLarge,
            `Line longer than ${MAX_LINE_BYTES} bytes`,
            'body',
          ),
        };
        continue;
      }
      try {
        yield { line, value: JSON.parse(text) as unknown };
      } catch {
        yield { line, error: new DomainException(ErrorCode.MalformedJson, 'Line is not valid JSON', 'body') };
      }
    }
  } finally {
    lines.close();
  }
}

/** Items of a JSON array body (already parsed by the API's JSON parser, within its size limit). */
export async function* arrayItems(body: unknown): AsyncGenerator<BulkItem> {
  const list = Array.isArray(body) ? body : (body as { links?: unknown } | null)?.links;
  if (!Array.isArray(list))
    throw new DomainException(
      ErrorCode.ValidationFailed,
      'Body must be a JSON array of links or {"links": [...]}',
      'body',
    );
  for (let index = 0; index < list.length; index += 1)
    yield { line: index + 1, value: list[index] as unknown };
}
