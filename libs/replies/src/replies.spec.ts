import {
  classifyReply,
  DEFAULT_UNSUBSCRIBE_KEYWORDS,
  keywordSettingsProblem,
  normalizeKeyword,
} from './reply-keywords';
import { extensionCandidates, extensionOf, extensionProblem, extensionsClash } from './reply-destination';
import { decideReplyRoute } from './reply-route';

const settings = {
  unsubscribeKeywords: DEFAULT_UNSUBSCRIBE_KEYWORDS,
  quickReplies: [
    { keyword: '1', action: 'claim_sample' },
    { keyword: '2', action: 'call_me' },
  ],
};

describe('reply keywords', () => {
  it.each([
    ['TD', 'TD'],
    ['td', 'TD'],
    [' Td。', 'TD'],
    ['ＴＤ', 'TD'],
    ['退订', '退订'],
    ['退订！', '退订'],
    ['【退订】', '退订'],
    ['r', 'R'],
    ['取消', '取消'],
  ])('%j unsubscribes as %s', async (text, keyword) => {
    await expect(Promise.resolve(classifyReply(text, settings).unsubscribe)).resolves.toBe(keyword);
  });

  it.each(['TD please', '我要退订吗', 'TDD', 'OK', '', '。'])('%j is no unsubscribe', (text) => {
    expect(classifyReply(text, settings).unsubscribe).toBeNull();
  });

  it('maps quick-reply keywords to their actions', () => {
    expect(classifyReply('1', settings).quickReply).toEqual({ keyword: '1', name: 'claim_sample' });
    expect(classifyReply(' ２ ', settings).quickReply).toEqual({ keyword: '2', name: 'call_me' });
    expect(classifyReply('3', settings).quickReply).toBeNull();
  });

  it('honours per-account keywords instead of the defaults', () => {
    const custom = { unsubscribeKeywords: ['STOP', '退订'], quickReplies: [] };
    expect(classifyReply('stop', custom).unsubscribe).toBe('STOP');
    expect(classifyReply('TD', custom).unsubscribe).toBeNull();
  });

  it('refuses a quick reply that is an unsubscribe keyword, or one given twice', () => {
    expect(keywordSettingsProblem(['TD'], [{ keyword: 'td', action: 'x' }])).toEqual({
      field: 'quick_replies[0].keyword',
      message: '"td" is an unsubscribe keyword',
    });
    expect(
      keywordSettingsProblem(
        [],
        [
          { keyword: '1', action: 'a' },
          { keyword: '１', action: 'b' },
        ],
      )?.field,
    ).toBe('quick_replies[1].keyword');
    expect(keywordSettingsProblem(['。'], [])?.field).toBe('unsubscribe_keywords[0]');
    expect(keywordSettingsProblem(DEFAULT_UNSUBSCRIBE_KEYWORDS, settings.quickReplies)).toBeNull();
  });

  it('normalises consistently', () => {
    expect(normalizeKeyword('  ｔｄ！！')).toBe('TD');
  });
});

describe('reply destinations and extensions', () => {
  it('reads the extension after the sender number', () => {
    expect(extensionOf('106900000112345', '1069000001')).toBe('12345');
    expect(extensionOf('1069000001', '1069000001')).toBe('');
    expect(extensionOf('86106900000112345', '1069000001')).toBe('12345');
    expect(extensionOf('1065500001', '1069000001')).toBeNull();
  });

  it('lists candidate extensions longest first', () => {
    expect(extensionCandidates('123')).toEqual(['123', '12', '1']);
    expect(extensionCandidates('')).toEqual([]);
    expect(extensionCandidates('1234567890')[0]).toBe('12345678');
  });

  it('validates extensions and their prefix clashes', () => {
    expect(extensionProblem('12345')).toBeNull();
    expect(extensionProblem('12a')).not.toBeNull();
    expect(extensionProblem('123456789')).not.toBeNull();
    expect(extensionsClash('123', '12345')).toBe(true);
    expect(extensionsClash('12345', '12346')).toBe(false);
  });
});

describe('decideReplyRoute', () => {
  const last = { accountId: 'b', messageId: 'm', messageCreatedAt: 't', clientRef: 'ref' };

  it('prefers the extension, then the last message, else unmatched', () => {
    expect(decideReplyRoute({ accountId: 'a', extension: '1' }, last)).toEqual({
      routedBy: 'extension',
      accountId: 'a',
      extension: '1',
      inReplyTo: null,
    });
    expect(decideReplyRoute(null, last)).toMatchObject({
      routedBy: 'last_message',
      accountId: 'b',
      inReplyTo: last,
    });
    expect(decideReplyRoute(null, null)).toEqual({
      routedBy: 'unmatched',
      accountId: null,
      extension: null,
      inReplyTo: null,
    });
  });

  it("links the reply to the account's own last message when the extension matched", () => {
    expect(decideReplyRoute({ accountId: 'b', extension: '1' }, last).inReplyTo).toBe(last);
  });
});
