/** One problem found in an uploaded file, located by CSV line or by phone.dat index entry and byte offset. */
export interface NumberFileIssue {
  /** 1-based CSV line. */
  line?: number;
  /** 0-based phone.dat index entry. */
  entry?: number;
  /** Byte offset in a binary file. */
  offset?: number;
  /** The column (prefix, carrier, province, city, phone) or file part (header, index, records, encoding). */
  field: string;
  message: string;
}

/**
 * A file that cannot be imported. `structure`: the file as a whole is unreadable (bad header, broken CSV
 * quoting, wrong encoding). `rows`: individual rows are wrong; `issues` lists the first of them.
 */
export class NumberFileError extends Error {
  constructor(
    readonly kind: 'structure' | 'rows',
    message: string,
    readonly field: string,
    readonly issues: readonly NumberFileIssue[],
    readonly totalIssues: number = issues.length,
  ) {
    super(message);
    this.name = 'NumberFileError';
  }

  static structure(
    field: string,
    message: string,
    location: Omit<NumberFileIssue, 'field' | 'message'> = {},
  ) {
    return new NumberFileError('structure', message, field, [{ ...location, field, message }]);
  }
}

const MAX_REPORTED_ISSUES = 50;

/** Gathers row problems so one upload reports many of them at once instead of one per attempt. */
export class IssueCollector {
  private readonly issues: NumberFileIssue[] = [];
  private total = 0;

  get count(): number {
    return this.total;
  }

  add(issue: NumberFileIssue): void {
    this.total++;
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push(issue);
  }

  throwIfAny(): void {
    if (this.total === 0) return;
    const first = this.issues[0]!;
    const where = first.line !== undefined ? `line ${first.line}` : `index entry ${first.entry ?? 0}`;
    const more = this.total > 1 ? ` (and ${this.total - 1} more problem${this.total > 2 ? 's' : ''})` : '';
    throw new NumberFileError(
      'rows',
      `${where}: ${first.message}${more}`,
      first.field,
      this.issues,
      this.total,
    );
  }
}
