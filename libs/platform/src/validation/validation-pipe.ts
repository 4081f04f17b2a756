import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException } from '../errors/domain-exception';
import { ErrorCode } from '../errors/error-code';
import { findForbiddenNull, forbiddenNullException } from './null-fields';

interface FieldProblem {
  field: string;
  constraint: string;
  message: string;
}

/** Flattens nested class-validator errors into dotted paths such as `recipients[3].phone`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      constraint,
      message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

export function validationException(errors: ValidationError[]): DomainException {
  const problems = flattenValidationErrors(errors);
  const first = problems[0] ?? { field: 'body', constraint: 'unknown', message: 'Invalid request' };
  if (first.constraint === 'whitelistValidation') {
    return new DomainException(ErrorCode.UnknownField, `Unknown field '${first.field}'`, first.field);
  }
  const details =
    problems.length > 1
      ? { problems: problems.map(({ field, message }) => ({ field, message })) }
      : undefined;
  return new DomainException(ErrorCode.ValidationFailed, first.message, first.field, details);
}

/** class-validator's @IsOptional lets null through as if absent; bodies first get the one null rule. */
class BodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && typeof metadata.metatype === 'function') {
      const field = findForbiddenNull(value, metadata.metatype as abstract new () => unknown);
      if (field) throw forbiddenNullException(field);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new BodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: validationException,
  });
}
