/** The template variable a per-recipient link goes into: `${link}`. */
export const LINK_VARIABLE = 'link';
export const LINK_PLACEHOLDER = '${link}';

/**
 * Splits free text at each `${link}` into the alternating literal/variable form templates use, so free text and
 * templates render links the same way. Any other `${...}` in free text stays literal text.
 */
export function splitAtLinkPlaceholder(content: string): string[] | null {
  const literals = content.split(LINK_PLACEHOLDER);
  if (literals.length === 1) return null;
  const parts: string[] = [literals[0]!];
  for (const literal of literals.slice(1)) parts.push(LINK_VARIABLE, literal);
  return parts;
}

/** The text a short link takes in a message: `host/code`, or with the scheme when asked for. */
export function shortLinkText(host: string, code: string, withScheme: boolean): string {
  return `${withScheme ? 'https://' : ''}${host}/${code}`;
}
