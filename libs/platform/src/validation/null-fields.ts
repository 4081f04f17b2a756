import { DomainException } from '../errors/domain-exception';
import { ErrorCode } from '../errors/error-code';

/** Where @nestjs/swagger keeps what @ApiProperty said about each property of a DTO class. */
const PROPERTY_LIST = 'swagger/apiModelPropertiesArray';
const PROPERTY = 'swagger/apiModelProperties';
const SCALARS = new Set<unknown>([String, Number, Boolean, Object, Array, Date]);

interface PropertyDoc {
  nullable?: boolean;
  type?: unknown;
  isArray?: boolean;
}

type DtoClass = abstract new (...args: never[]) => unknown;

/**
 * The one rule for `null` in request bodies: a field documented as nullable (`@ApiProperty({ nullable: true })`,
 * where null means "none" or "remove") takes it; for any other field null is refused with VALIDATION_FAILED
 * naming the field, rather than read as absent, so a client never believes it cleared something it did not.
 * Nested DTOs (arrays of them too) are followed through their documented type. Returns null when all is well.
 */
export function findForbiddenNull(value: unknown, dto: DtoClass, basePath = ''): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  for (const key of documentedProperties(dto)) {
    if (!(key in record)) continue;
    const field = basePath ? `${basePath}.${key}` : key;
    const doc = propertyDoc(dto, key);
    const item = record[key];
    if (item === null) {
      if (doc?.nullable === true) continue;
      return field;
    }
    const nested = nestedDto(doc);
    if (!nested) continue;
    if (Array.isArray(item)) {
      for (let index = 0; index < item.length; index++) {
        if (item[index] === null) return `${field}[${index}]`;
        const found = findForbiddenNull(item[index], nested, `${field}[${index}]`);
        if (found) return found;
      }
    } else {
      const found = findForbiddenNull(item, nested, field);
      if (found) return found;
    }
  }
  return null;
}

export function forbiddenNullException(field: string): DomainException {
  return new DomainException(
    ErrorCode.ValidationFailed,
    `${field} must not be null (leave an optional field out instead)`,
    field,
  );
}

function documentedProperties(dto: DtoClass): string[] {
  const names = (Reflect.getMetadata(PROPERTY_LIST, dto.prototype as object) as string[] | undefined) ?? [];
  return [...new Set(names.map((name) => name.replace(/^:/, '')))];
}

function propertyDoc(dto: DtoClass, key: string): PropertyDoc | undefined {
  return Reflect.getMetadata(PROPERTY, dto.prototype as object, key) as PropertyDoc | undefined;
}

function nestedDto(doc: PropertyDoc | undefined): DtoClass | null {
  let type = doc?.type;
  if (Array.isArray(type)) type = type[0];
  if (typeof type !== 'function' || SCALARS.has(type) || !type.prototype) return null;
  const documented = Reflect.getMetadata(PROPERTY_LIST, type.prototype as object) !== undefined;
  return documented ? (type as DtoClass) : null;
}
