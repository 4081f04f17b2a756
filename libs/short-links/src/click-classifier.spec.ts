import { ClickClassifier } from './click-classifier';
import { DatacenterRanges } from './datacenter-ranges';

const IPHONE_WECHAT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2f) NetType/WIFI Language/zh_CN';
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36';
const QQ_BROWSER =
  'Mozilla/5.0 (Linux; U; Android 12; zh-cn; PEGM00) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/98.0 MQQBrowser/13.0 Mobile Safari/537.36';
const DINGTALK_APP =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.0.40) com.laiwang.DingTalk/30000000 Channel/201200 language/zh-Hans-CN';
const FEISHU_APP =
  'Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0 Mobile Safari/537.36 Lark/6.8.6 LarkLocale/zh_CN ChannelName/Feishu';
const WEIBO_APP =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Weibo (iPhone14,2__weibo__13.6.0__iphone__os16.0)';
const DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

describe('ClickClassifier', () => {
  const classifier = new ClickClassifier({ datacenterWindowMs: 60_000 });
  const click = (
    userAgent: string,
    extra: Partial<{ method: string; ip: string; isp: string; delayMs: number | null }> = {},
  ) =>
    classifier.classify({
      method: 'GET',
      userAgent,
      ip: '223.104.3.4',
      isp: '中国移动',
      delayMs: 300_000,
      ...extra,
    });

  it.each([IPHONE_WECHAT, ANDROID_CHROME, QQ_BROWSER, DINGTALK_APP, FEISHU_APP, WEIBO_APP, DESKTOP])(
    'a person in a browser or an in-app browser is human: %s',
    (agent) => {
      expect(click(agent)).toEqual({ class: 'human', reason: 'browser' });
    },
  );

  it('HEAD requests are previews', () => {
    expect(click(IPHONE_WECHAT, { method: 'HEAD' })).toEqual({ class: 'preview', reason: 'head_request' });
  });

  it.each(['', '   '])('an empty user agent is a bot (%j)', (agent) => {
    expect(click(agent)).toEqual({ class: 'bot', reason: 'empty_user_agent' });
  });

  it.each([
    ['WeChat-Preview/1.0', 'previewer:wechat'],
    ['Mozilla/5.0 (compatible; MicroMessenger-Bot/1.0)', 'previewer:wechat'],
    ['QQ-URL-Manager', 'previewer:qq'],
    ['DingTalkBot-LinkService/1.0', 'previewer:dingtalk'],
    ['Mozilla/5.0 (compatible; LarkUrl2Card/1.0)', 'previewer:feishu'],
    ['Mozilla/5.0 (compatible; Feishu-Bot)', 'previewer:feishu'],
    ['WeiboBot/1.0', 'previewer:weibo'],
    ['WhatsApp/2.23.20.0 A', 'previewer:whatsapp'],
    ['TelegramBot (like TwitterBot)', 'previewer:telegram'],
    ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', 'previewer:facebook'],
    ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'previewer:slack'],
    ['Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', 'previewer:discord'],
  ])('%s is a preview (%s)', (agent, reason) => {
    expect(click(agent)).toEqual({ class: 'preview', reason });
  });

  it.each([
    ['Mozilla/5.0 (compatible; 360Spider)', 'scanner:qihoo360'],
    ['TencentSecurity/1.0 urlsec', 'scanner:tencent-security'],
    ['Mozilla/5.0 (compatible; urlscan/1.0)', 'scanner:urlscan'],
    ['VirusTotal Cloud', 'scanner:virustotal'],
    ['Mozilla/5.0 zgrab/0.x', 'scanner:censys'],
    ['Mozilla/4.0 (compatible; ms-office; MSOffice 16) SafeLinks', 'scanner:microsoft-defender'],
  ])('%s is a scanner (%s)', (agent, reason) => {
    expect(click(agent)).toEqual({ class: 'scanner', reason });
  });

  it.each([
    'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
    'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)',
    'Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)',
    'curl/8.4.0',
    'python-requests/2.31.0',
    'Go-http-client/1.1',
    'okhttp/4.12.0',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  ])('%s is a known bot', (agent) => {
    expect(click(agent)).toEqual({ class: 'bot', reason: 'known_bot' });
  });

  it('a data-centre address within the window after delivery is a scanner', () => {
    expect(click(IPHONE_WECHAT, { ip: '47.100.1.1', delayMs: 3_000 })).toEqual({
      class: 'scanner',
      reason: 'datacenter_after_delivery:alibaba',
    });
    expect(click(IPHONE_WECHAT, { ip: '119.29.1.1', delayMs: 59_000 })).toMatchObject({ class: 'scanner' });
    expect(click(IPHONE_WECHAT, { ip: '198.51.100.1', isp: '阿里云', delayMs: 1_000 })).toEqual({
      class: 'scanner',
      reason: 'datacenter_after_delivery:isp',
    });
  });

  it('a data-centre address later, or without a delivered message, or a mobile network soon after, is human', () => {
    expect(click(IPHONE_WECHAT, { ip: '47.100.1.1', delayMs: 61_000 })).toMatchObject({ class: 'human' });
    expect(click(IPHONE_WECHAT, { ip: '47.100.1.1', delayMs: null })).toMatchObject({ class: 'human' });
    expect(click(IPHONE_WECHAT, { ip: '223.104.3.4', delayMs: 1_000 })).toMatchObject({ class: 'human' });
  });

  it('the hit part (method + agent) decides alone, for click caps', () => {
    expect(classifier.classifyHit({ method: 'GET', userAgent: IPHONE_WECHAT }).class).toBe('human');
    expect(classifier.classifyHit({ method: 'GET', userAgent: 'DingTalkBot-LinkService/1.0' }).class).toBe(
      'preview',
    );
    expect(classifier.classifyHit({ method: 'HEAD', userAgent: IPHONE_WECHAT }).class).toBe('preview');
  });

  it('takes extra rules and ranges', () => {
    const custom = new ClickClassifier({
      extraRules: [{ name: 'acme', pattern: /AcmeChecker/, class: 'scanner' }],
      datacenter: DatacenterRanges.withExtra(['198.51.100.0/24']),
    });
    expect(custom.classify({ method: 'GET', userAgent: 'AcmeChecker/2', ip: null, delayMs: null })).toEqual({
      class: 'scanner',
      reason: 'scanner:acme',
    });
    expect(custom.classify({ method: 'GET', userAgent: DESKTOP, ip: '198.51.100.3', delayMs: 10 })).toEqual({
      class: 'scanner',
      reason: 'datacenter_after_delivery:custom',
    });
  });
});
