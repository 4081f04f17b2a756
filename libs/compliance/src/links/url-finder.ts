/**
 * Finds links in message text: anything with a scheme, `www.`, or a bare host with a known top-level domain
 * (`example.com/x`, `t.cn/abc`). Hosts come back lower-cased, without port or credentials. Full-width dots and
 * letters are folded first, so `ｅｘａｍｐｌｅ。ｃｏｍ` is found too.
 */
const LINK =
  /(?:https?:\/\/|www\.)[^\s<>"'，。、！？）】]+|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]+)(?::\d{1,5})?(?:\/[^\s<>"'，。、！？）】]*)?(?![\w-])/giu;

/** Top-level domains a bare host must end with to count as a link (avoids "v1.2" or "a.b" in prose). */
const BARE_HOST_TLDS = new Set(
  (
    'com net org cn info biz top xyz vip club shop site online store app io co me cc tv ly gl gd im la ai hk tw ' +
    'mo us uk de jp kr sg fm to ws in link click work live fun icu ltd wang ren tech cloud pro mobi asia so'
  ).split(' '),
);

export interface FoundLink {
  readonly text: string;
  readonly host: string;
}

export function foldForLinks(text: string): string {
  // Full-width forms (U+FF01–U+FF5E) and the ideographic full stop are common tricks to hide a URL.
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/。(?=[a-z0-9])/gi, '.');
}

export function findLinks(text: string): FoundLink[] {
  if (!mayContainLink(text)) return [];
  const folded = foldForLinks(text);
  const links: FoundLink[] = [];
  for (const match of folded.matchAll(LINK)) {
    const host = hostOf(match[0]);
    if (host === null) continue;
    const hasScheme = /^(https?:\/\/|www\.)/i.test(match[0]);
    const tld = host.slice(host.lastIndexOf('.') + 1);
    if (!hasScheme && !BARE_HOST_TLDS.has(tld) && !tld.startsWith('xn--')) continue;
    links.push({ text: match[0], host });
  }
  return links;
}

/** Cheap pre-check: no dot of any kind means no link. */
function mayContainLink(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2e || code === 0xff0e || code === 0x3002) return true;
  }
  return false;
}

function hostOf(link: string): string | null {
  let rest = link.replace(/^https?:\/\//i, '');
  rest = rest.replace(/^[^/@]*@/, '');
  const host = rest
    .split(/[/:?#]/, 1)[0]!
    .toLowerCase()
    .replace(/\.+$/, '');
  return host.includes('.') ? host : null;
}

/** `sub.example.com` is covered by `example.com`. */
export function hostCoveredBy(host: string, registered: string): boolean {
  return host === registered || host.endsWith(`.${registered}`);
}
