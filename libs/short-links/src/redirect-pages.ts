/** The small pages the redirector answers with when it does not redirect (bilingual, no external resources). */
export const REDIRECT_PAGES = {
  notFound: page('链接不存在 · Link not found', '这个短链接不存在。', 'This short link does not exist.'),
  unknownHost: page(
    '链接不存在 · Link not found',
    '这个域名没有短链接服务。',
    'There are no short links on this domain.',
  ),
  expired: page('链接已过期 · Link expired', '这个短链接已过期。', 'This short link has expired.'),
  disabled: page('链接已停用 · Link disabled', '这个短链接已停用。', 'This short link has been disabled.'),
  capped: page(
    '链接已失效 · Link used up',
    '这个短链接的访问次数已用完。',
    'This short link has reached its visit limit.',
  ),
  unavailable: page(
    '请稍后再试 · Try again',
    '服务暂时不可用，请稍后再试。',
    'The service is busy; please try again shortly.',
  ),
} as const;

export type RedirectPage = keyof typeof REDIRECT_PAGES;

function page(title: string, chinese: string, english: string): Buffer {
  return Buffer.from(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style>body{font-family:system-ui,sans-serif;margin:20vh auto;max-width:28em;padding:0 1em;color:#333;text-align:center}p{margin:.4em}</style></head><body><p>${chinese}</p><p>${english}</p></body></html>\n`,
    'utf8',
  );
}
