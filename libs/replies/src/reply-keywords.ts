/** The unsubscribe keywords users in China know (回TD退订, 拒收请回复R), unless the operator or account changes them. */
export const DEFAULT_UNSUBSCRIBE_KEYWORDS: readonly string[] = ['TD', 'T', '退订', 'N', 'R', '取消'];

export const MAX_KEYWORD_LENGTH = 20;

/**
 * The comparable form of a reply or keyword: Unicode NFKC (full-width ＴＤ becomes TD), upper case, without
 * surrounding spaces and punctuation ("td。" and " TD! " both read TD). A keyword matches only a whole reply.
 */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .toUpperCase();
}

export interface QuickReply {
  keyword: string;
  action: string;
}

export interface ReplyKeywordSettings {
  unsubscribeKeywords: readonly string[];
  quickReplies: readonly QuickReply[];
}

export interface ReplyClassification {
  /** The unsubscribe keyword the reply matched, as configured. */
  unsubscribe: string | null;
  quickReply: { keyword: string; name: string } | null;
}

/** What a reply asks for. An unsubscribe keyword always wins over a quick reply with the same text. */
export function classifyReply(text: string, settings: ReplyKeywordSettings): ReplyClassification {
  const normalized = normalizeKeyword(text);
  if (normalized === '') return { unsubscribe: null, quickReply: null };
  const unsubscribe = settings.unsubscribeKeywords.find(
    (keyword) => normalizeKeyword(keyword) === normalized,
  );
  if (unsubscribe !== undefined) return { unsubscribe, quickReply: null };
  const quick = settings.quickReplies.find((entry) => normalizeKeyword(entry.keyword) === normalized);
  return { unsubscribe: null, quickReply: quick ? { keyword: quick.keyword, name: quick.action } : null };
}

/** Null when the keyword lists are usable; otherwise which entry is wrong and why. */
export function keywordSettingsProblem(
  unsubscribeKeywords: readonly string[],
  quickReplies: readonly QuickReply[],
): { field: string; message: string } | null {
  const unsubscribe = new Set<string>();
  for (const [index, keyword] of unsubscribeKeywords.entries()) {
    const normalized = normalizeKeyword(keyword);
    if (normalized === '' || normalized.length > MAX_KEYWORD_LENGTH)
      return {
        field: `unsubscribe_keywords[${index}]`,
        message: `must have 1 to ${MAX_KEYWORD_LENGTH} characters besides punctuation`,
      };
    unsubscribe.add(normalized);
  }
  const quick = new Set<string>();
  for (const [index, entry] of quickReplies.entries()) {
    const normalized = normalizeKeyword(entry.keyword);
    const field = `quick_replies[${index}].keyword`;
    if (normalized === '' || normalized.length > MAX_KEYWORD_LENGTH)
      return { field, message: `must have 1 to ${MAX_KEYWORD_LENGTH} characters besides punctuation` };
    if (unsubscribe.has(normalized))
      return { field, message: `"${entry.keyword}" is an unsubscribe keyword` };
    if (quick.has(normalized)) return { field, message: `"${entry.keyword}" appears twice` };
    quick.add(normalized);
  }
  return null;
}
