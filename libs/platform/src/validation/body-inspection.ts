import { isUtf8 } from 'node:buffer';
import { DomainException } from '../errors/domain-exception';
import { ErrorCode } from '../errors/error-code';

/** A string PostgreSQL cannot store as sent: NUL, or a UTF-16 surrogate without its partner. */
export interface InvalidText {
  /** Path of the value (or of the key) in the request, e.g. `recipients[3].template_params.name`. */
  field: string;
  message: string;
}

export interface BodyInspectionOptions {
  maxDepth: number;
  /**
   * Top-level array fields whose items the route checks itself with findInvalidText, so that one bad item is
   * rejected alone (the batch send's `recipients`). Depth is still checked here for them.
   */
  perItemTextFields?: ReadonlySet<string>;
}

interface Frame {
  value: unknown;
  parent: Frame | null;
  key: string | number | null;
  depth: number;
  checkText: boolean;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** Why `text` cannot be stored, or null when it can. Cheap: two linear scans without allocation. */
export function invalidCharacterIn(text: string): string | null {
  if (text.indexOf('\u0000') >= 0) return 'a NUL character (U+0000)';
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    const unit = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
    return `an unpaired UTF-16 surrogate (U+${unit})`;
  }
  return null;
}

/**
 * The first string value or object key under `value` that cannot be stored, named by its path below `basePath`.
 * Iterative, so any depth is safe.
 */
export function findInvalidText(value: unknown, basePath = ''): InvalidText | null {
  const found = walk(value, { maxDepth: Number.POSITIVE_INFINITY }, basePath);
  return found?.kind === 'text' ? found.problem : null;
}

/**
 * The one check of every JSON body, run right after parsing and before anything else looks at it: nesting no
 * deeper than `maxDepth` (validation and logging recurse; a 10,000-level body would overflow their stacks) and
 * every string storable as text. Throws BODY_TOO_DEEP or TEXT_INVALID_CHARACTER naming the field.
 */
export function inspectRequestBody(
  body: unknown,
  rawBody: Buffer | undefined,
  options: BodyInspectionOptions,
): void {
  if (rawBody && !isUtf8(rawBody)) {
    throw new DomainException(ErrorCode.TextInvalidCharacter, 'The request body is not valid UTF-8', 'body');
  }
  const found = walk(body, options, '');
  if (!found) return;
  if (found.kind === 'depth') {
    throw new DomainException(
      ErrorCode.BodyTooDeep,
      `The request body nests objects and arrays more than ${options.maxDepth} levels deep`,
      found.field || 'body',
      { max_depth: options.maxDepth },
    );
  }
  throw new DomainException(ErrorCode.TextInvalidCharacter, found.problem.message, found.problem.field);
}

type Finding = { kind: 'depth'; field: string } | { kind: 'text'; problem: InvalidText };

function walk(root: unknown, options: BodyInspectionOptions, basePath: string): Finding | null {
  const stack: Frame[] = [{ value: root, parent: null, key: null, depth: 0, checkText: true }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (typeof value === 'string') {
      if (!frame.checkText) continue;
      const problem = invalidCharacterIn(value);
      if (problem) return textFinding(frame, basePath, `contains ${problem}, which cannot be stored`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const depth = frame.depth + 1;
    if (depth > options.maxDepth) return { kind: 'depth', field: pathOf(frame, basePath) };
    if (Array.isArray(value)) {
      const perItem = frame.depth === 1 && options.perItemTextFields?.has(String(frame.key)) === true;
      for (let index = value.length - 1; index >= 0; index--)
        stack.push({
          value: value[index],
          parent: frame,
          key: index,
          depth,
          checkText: frame.checkText && !perItem,
        });
      continue;
    }
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      const child: Frame = {
        value: (value as Record<string, unknown>)[key],
        parent: frame,
        key,
        depth,
        checkText: frame.checkText,
      };
      if (frame.checkText) {
        const problem = invalidCharacterIn(key);
        if (problem) return textFinding(child, basePath, `has a field name containing ${problem}`);
      }
      stack.push(child);
    }
  }
  return null;
}

function textFinding(frame: Frame, basePath: string, what: string): Finding {
  const field = pathOf(frame, basePath) || 'body';
  return { kind: 'text', problem: { field, message: `${field} ${what}` } };
}

/** `recipients[3].template_params.name`; odd keys are quoted (and escaped) as `template_params["a.b"]`. */
function pathOf(frame: Frame, basePath: string): string {
  const parts: string[] = [];
  for (let at: Frame | null = frame; at && at.key !== null; at = at.parent) {
    if (typeof at.key === 'number') parts.push(`[${at.key}]`);
    else if (PLAIN_KEY.test(at.key)) parts.push(`.${at.key}`);
    else parts.push(`[${JSON.stringify(at.key)}]`);
  }
  const path = basePath + parts.reverse().join('');
  return path.startsWith('.') ? path.slice(1) : path;
}
