import UAParser from 'ua-parser-js';

export interface UserAgentDetails {
  /** mobile, tablet, desktop, console, smarttv, wearable, embedded, or unknown. */
  device: string;
  os: string | null;
  browser: string | null;
}

/**
 * Device type, OS and browser from a user agent (ua-parser-js 1.x, MIT). ua-parser leaves the device type empty
 * for desktops; an agent naming a desktop OS is reported as `desktop`. Cached per agent string.
 */
export class UserAgentDetailsParser {
  private readonly cache = new Map<string, UserAgentDetails>();

  constructor(private readonly cacheSize = 10_000) {}

  parse(userAgent: string): UserAgentDetails {
    let details = this.cache.get(userAgent);
    if (!details) {
      details = parseUserAgent(userAgent);
      if (this.cache.size >= this.cacheSize) this.cache.clear();
      this.cache.set(userAgent, details);
    }
    return details;
  }
}

const DESKTOP_OS =
  /^(Windows|Mac OS|macOS|Linux|Ubuntu|Debian|Fedora|Chromium OS|Chrome OS|FreeBSD|Deepin|UOS)/i;

export function parseUserAgent(userAgent: string): UserAgentDetails {
  if (userAgent.trim() === '') return { device: 'unknown', os: null, browser: null };
  const result = new UAParser(userAgent).getResult();
  const os = result.os.name ? [result.os.name, result.os.version].filter(Boolean).join(' ') : null;
  const browser = result.browser.name ?? null;
  const device =
    result.device.type ?? (result.os.name && DESKTOP_OS.test(result.os.name) ? 'desktop' : 'unknown');
  return { device, os, browser };
}
