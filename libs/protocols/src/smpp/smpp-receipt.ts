/** The fields of an SMPP 3.4 Appendix B delivery receipt text (also used by SMGP). */
export interface SmppReceipt {
  id: string;
  sub?: string;
  dlvrd?: string;
  submitDate?: string;
  doneDate?: string;
  stat: string;
  err?: string;
  text?: string;
}

const FIELD = /(?<![a-z])(id|sub|dlvrd|submit date|done date|stat|err|text):/gi;

/**
 * Parses `id:... sub:... dlvrd:... submit date:... done date:... stat:... err:... text:...`; field order and case
 * vary between SMSCs, and `text` runs to the end. Null when id or stat is missing.
 */
export function parseSmppReceipt(body: string): SmppReceipt | null {
  const marks = [...body.matchAll(FIELD)];
  const fields = new Map<string, string>();
  marks.forEach((mark, i) => {
    const start = (mark.index ?? 0) + mark[0].length;
    const name = mark[1].toLowerCase();
    const end = name === 'text' ? body.length : (marks[i + 1]?.index ?? body.length);
    if (!fields.has(name)) fields.set(name, body.slice(start, end).trim());
  });
  const id = fields.get('id');
  const stat = fields.get('stat');
  if (!id || !stat) return null;
  return {
    id,
    sub: fields.get('sub'),
    dlvrd: fields.get('dlvrd'),
    submitDate: fields.get('submit date'),
    doneDate: fields.get('done date'),
    stat: stat.toUpperCase(),
    err: fields.get('err'),
    text: fields.get('text'),
  };
}

/** message_state TLV values (SMPP 3.4 §5.2.28) as receipt stat words. */
export const SMPP_MESSAGE_STATES: Record<number, string> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};
