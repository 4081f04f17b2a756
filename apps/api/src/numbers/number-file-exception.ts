import { DomainException, ErrorCode } from '@tongdao/platform';
import { NumberFileError } from '@tongdao/phone';

/** A parser's verdict as a 422: the file part or column in `field`, every located problem in `details`. */
export function numberFileException(error: unknown): unknown {
  if (!(error instanceof NumberFileError)) return error;
  const code = error.kind === 'rows' ? ErrorCode.NumberFileRowsInvalid : ErrorCode.NumberFileInvalid;
  return new DomainException(code, error.message, error.field, {
    problems: error.issues,
    total_problems: error.totalIssues,
  });
}
