import { isbot } from 'isbot';
import { DATACENTER_ISP_PATTERN, DatacenterRanges } from './datacenter-ranges';

export type ClickClass = 'human' | 'preview' | 'scanner' | 'bot';

export interface ClickClassification {
  class: ClickClass;
  /** Machine-readable: `head_request`, `empty_user_agent`, `previewer:wechat`, `scanner:qihoo360`, `known_bot`, … */
  reason: string;
}

export interface UserAgentRule {
  name: string;
  pattern: RegExp;
  class: Exclude<ClickClass, 'human'>;
}

/**
 * Link previewers and URL checkers of the apps an SMS link gets pasted into, matched before the generic bot list
 * (some of them look like a phone browser). The in-app browsers themselves (`MicroMessenger/8.0 … NetType/WIFI`,
 * `QQ/8.9`, `DingTalk/7`, `Lark/5`, `Weibo (…)`) are humans and are deliberately not matched.
 */
export const PREVIEWER_RULES: readonly UserAgentRule[] = [
  {
    name: 'wechat',
    pattern:
      /WeChat-?(?:Preview|Bot|Spider|LinkPreview)|MicroMessenger[-_ ]?(?:Preview|Bot)|WXWork[-_ ]?Bot/i,
    class: 'preview',
  },
  {
    name: 'qq',
    pattern:
      /QQ-URL-Manager|QQ[-_ ]?(?:Preview|Spider|UrlPreview)|TencentPreview|Mozilla\/5\.0 \(compatible; QQBot/i,
    class: 'preview',
  },
  {
    name: 'dingtalk',
    pattern: /DingTalkBot|DingTalk[-_ ]?(?:LinkService|Preview|Spider)/i,
    class: 'preview',
  },
  {
    name: 'feishu',
    pattern:
      /LarkUrl2Card|Lark[-_ ]?(?:Bot|Preview|LinkPreview)|Feishu[-_ ]?(?:Bot|Preview|LinkPreview)|Bytedance-LinkPreview/i,
    class: 'preview',
  },
  { name: 'weibo', pattern: /Weibo[-_ ]?(?:Bot|Spider|Preview)|WeiboBot|SinaWeiboBot/i, class: 'preview' },
  { name: 'whatsapp', pattern: /WhatsApp\/\d/i, class: 'preview' },
  { name: 'telegram', pattern: /TelegramBot/i, class: 'preview' },
  { name: 'slack', pattern: /Slackbot-LinkExpanding|Slack-ImgProxy/i, class: 'preview' },
  { name: 'facebook', pattern: /facebookexternalhit|Facebot|meta-externalagent/i, class: 'preview' },
  { name: 'twitter', pattern: /Twitterbot/i, class: 'preview' },
  { name: 'discord', pattern: /Discordbot/i, class: 'preview' },
  { name: 'skype', pattern: /SkypeUriPreview/i, class: 'preview' },
  { name: 'linkedin', pattern: /LinkedInBot/i, class: 'preview' },
  { name: 'apple', pattern: /AppleBot|Applebot|com\.apple\.|iMessage/i, class: 'preview' },
  { name: 'google-preview', pattern: /Google-PageRenderer|GoogleImageProxy/i, class: 'preview' },
  { name: 'bing-preview', pattern: /BingPreview/i, class: 'preview' },
];

/** URL security scanners (carriers', mail gateways', antivirus vendors', threat feeds'). */
export const SCANNER_RULES: readonly UserAgentRule[] = [
  { name: 'qihoo360', pattern: /360Spider|360JK|Qihoo|360(?:Safe|Security|URL)/i, class: 'scanner' },
  {
    name: 'tencent-security',
    pattern: /Tencent(?:Security|Guanjia|UrlSec|-?WSS)|urlsec\.qq\.com/i,
    class: 'scanner',
  },
  { name: 'baidu-security', pattern: /BaiduSecurity|Baidu-?YunGuanCe|yunguance/i, class: 'scanner' },
  {
    name: 'google-safebrowsing',
    pattern: /Google-Safety|Google-Safe-?Browsing|Google-Site-Verification/i,
    class: 'scanner',
  },
  { name: 'virustotal', pattern: /VirusTotal/i, class: 'scanner' },
  { name: 'urlscan', pattern: /urlscan/i, class: 'scanner' },
  {
    name: 'microsoft-defender',
    pattern: /Microsoft Office Protocol Discovery|SafeLinks|Defender/i,
    class: 'scanner',
  },
  { name: 'proofpoint', pattern: /Proofpoint/i, class: 'scanner' },
  { name: 'mimecast', pattern: /Mimecast/i, class: 'scanner' },
  { name: 'barracuda', pattern: /Barracuda/i, class: 'scanner' },
  { name: 'trendmicro', pattern: /Trend ?Micro|TMUFE/i, class: 'scanner' },
  { name: 'kaspersky', pattern: /Kaspersky/i, class: 'scanner' },
  { name: 'bitdefender', pattern: /Bitdefender/i, class: 'scanner' },
  { name: 'fortinet', pattern: /Fortinet|FortiGuard/i, class: 'scanner' },
  { name: 'paloalto', pattern: /Palo ?Alto|Expanse/i, class: 'scanner' },
  { name: 'zscaler', pattern: /Zscaler/i, class: 'scanner' },
  { name: 'sophos', pattern: /Sophos/i, class: 'scanner' },
  { name: 'symantec', pattern: /Symantec/i, class: 'scanner' },
  { name: 'netcraft', pattern: /Netcraft/i, class: 'scanner' },
  { name: 'cisco', pattern: /Cisco|Umbrella|Talos/i, class: 'scanner' },
  { name: 'checkpoint', pattern: /Check ?Point/i, class: 'scanner' },
  { name: 'censys', pattern: /Censys|Shodan|masscan|zgrab|Nuclei|Nmap/i, class: 'scanner' },
];

/** What the redirector knows of a hit (all of it available without touching PostgreSQL). */
export interface HitFacts {
  method: string;
  userAgent: string;
}

/** Everything the click writer knows when it stores a click. */
export interface ClickFacts extends HitFacts {
  ip: string | null;
  /** ISP name from the IP database, if any. */
  isp?: string | null;
  /** Milliseconds from the message's delivery to the hit; null when the link has no delivered message. */
  delayMs: number | null;
}

export interface ClickClassifierOptions {
  datacenter?: DatacenterRanges;
  /** Hits from data-centre addresses this soon after delivery are machines checking the link. */
  datacenterWindowMs?: number;
  extraRules?: readonly UserAgentRule[];
}

/**
 * Decides whether a hit was a person. In order: HEAD requests (previews and checkers; a browser following a link
 * sends GET), empty user agents, the apps' previewers, security scanners, everything `isbot` knows, and finally
 * data-centre addresses within `datacenterWindowMs` of delivery. The user-agent part is cached: a handful of
 * agents make up most traffic.
 */
export class ClickClassifier {
  private readonly rules: readonly UserAgentRule[];
  private readonly datacenter: DatacenterRanges;
  private readonly windowMs: number;
  private readonly agentCache = new Map<string, ClickClassification>();

  constructor(options: ClickClassifierOptions = {}) {
    this.rules = [...(options.extraRules ?? []), ...PREVIEWER_RULES, ...SCANNER_RULES];
    this.datacenter = options.datacenter ?? new DatacenterRanges();
    this.windowMs = options.datacenterWindowMs ?? 120_000;
  }

  /** The part decidable from method and user agent alone (the redirector uses it to spare click caps). */
  classifyHit(hit: HitFacts): ClickClassification {
    if (hit.method === 'HEAD') return { class: 'preview', reason: 'head_request' };
    const agent = hit.userAgent.trim();
    if (agent === '') return { class: 'bot', reason: 'empty_user_agent' };
    let verdict = this.agentCache.get(agent);
    if (!verdict) {
      verdict = this.classifyAgent(agent);
      if (this.agentCache.size >= 10_000) this.agentCache.clear();
      this.agentCache.set(agent, verdict);
    }
    return verdict;
  }

  classify(click: ClickFacts): ClickClassification {
    const hit = this.classifyHit(click);
    if (hit.class !== 'human') return hit;
    if (click.delayMs !== null && click.delayMs >= 0 && click.delayMs <= this.windowMs && click.ip) {
      const provider = this.datacenter.providerOf(click.ip);
      if (provider) return { class: 'scanner', reason: `datacenter_after_delivery:${provider}` };
      if (click.isp && DATACENTER_ISP_PATTERN.test(click.isp))
        return { class: 'scanner', reason: 'datacenter_after_delivery:isp' };
    }
    return hit;
  }

  private classifyAgent(agent: string): ClickClassification {
    for (const rule of this.rules)
      if (rule.pattern.test(agent))
        return { class: rule.class, reason: `${RULE_PREFIX[rule.class]}:${rule.name}` };
    if (isbot(agent)) return { class: 'bot', reason: 'known_bot' };
    return { class: 'human', reason: 'browser' };
  }
}

const RULE_PREFIX: Record<UserAgentRule['class'], string> = {
  preview: 'previewer',
  scanner: 'scanner',
  bot: 'bot',
};
