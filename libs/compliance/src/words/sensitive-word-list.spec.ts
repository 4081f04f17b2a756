import { SensitiveWord } from './sensitive-word';
import { SensitiveWordList } from './sensitive-word-list';
import { TextNormalizer } from './text-normalizer';
import { WordAutomaton } from './word-automaton';

const normalizer = new TextNormalizer();
const block = (word: string, accountId: string | null = null): SensitiveWord => ({
  word,
  category: 'block',
  accountId,
});
const review = (word: string): SensitiveWord => ({ word, category: 'review', accountId: null });

describe('TextNormalizer', () => {
  it('folds full-width, case, traditional characters and drops spaces, punctuation, zero-width and emoji', () => {
    expect(normalizer.normalizeString('ＦＲＥＥ Ｗｉｎ！')).toBe('freewin');
    expect(normalizer.normalizeString('免費 領獎')).toBe('免费领奖');
    expect(normalizer.normalizeString('免\u200b费\u200c抽\u200d奖\u2060啦\ufeff')).toBe('免费抽奖啦');
    expect(normalizer.normalizeString('免😀费🎁抽👍🏽奖')).toBe('免费抽奖');
    expect(normalizer.normalizeString('１２３４')).toBe('1234');
  });

  it('maps every normalised unit back to its original range', () => {
    const text = 'a 免😀費';
    const normalized = normalizer.normalize(text);
    expect(normalized.length).toBe(3);
    expect([...normalized.starts.slice(0, 3)]).toEqual([0, 2, 5]);
    expect([...normalized.ends.slice(0, 3)]).toEqual([1, 3, 6]);
  });
});

describe('WordAutomaton', () => {
  const find = (patterns: string[], text: string) => {
    const automaton = new WordAutomaton(patterns);
    const units = Uint16Array.from(text, (c) => c.charCodeAt(0));
    const hits: [string, number, number][] = [];
    automaton.scan(
      units,
      units.length,
      (pattern, start, end) => (hits.push([patterns[pattern]!, start, end]), true),
    );
    return hits;
  };

  it('finds overlapping and nested patterns through failure links', () => {
    expect(find(['he', 'she', 'his', 'hers'], 'ushers')).toEqual([
      ['she', 1, 4],
      ['he', 2, 4],
      ['hers', 2, 6],
    ]);
    expect(find(['abcd', 'bc', 'c'], 'xabcx')).toEqual([
      ['bc', 2, 4],
      ['c', 3, 4],
    ]);
  });

  it('finds nothing in clean text and handles an empty list', () => {
    expect(find(['免费'], '欢迎光临')).toEqual([]);
    expect(find([], 'anything')).toEqual([]);
  });
});

describe('SensitiveWordList', () => {
  const list = new SensitiveWordList(
    [block('免费'), block('free'), review('最优惠'), block('抽奖')],
    normalizer,
  );

  it.each([
    ['plain', '今天免费领取', '免费'],
    ['spaces', '今天免 费领取', '免 费'],
    ['full-width letters', '点击ＦＲＥＥ领取', 'ＦＲＥＥ'],
    ['upper case', 'Get it FrEe now', 'FrEe'],
    ['traditional characters', '今天免費領取', '免費'],
    ['zero-width joiner', '今天免\u200d费领取', '免\u200d费'],
    ['zero-width space and word joiner', '免\u200b\u2060费', '免\u200b\u2060费'],
    ['emoji between characters', '参与抽🎁奖', '抽🎁奖'],
    ['punctuation between characters', '抽-奖!', '抽-奖'],
  ])('finds a word hidden with %s and reports it as it appeared', (_case, text, original) => {
    const hit = list.find(text);
    expect(hit?.original).toBe(original);
    expect(hit?.word.category).toBe('block');
  });

  it('prefers a block word over an earlier review word', () => {
    const hit = list.find('最优惠，还免费');
    expect(hit?.word.word).toBe('免费');
  });

  it('reports a review word when no block word is present', () => {
    expect(list.find('本店最 優惠')?.word.category).toBe('review');
    expect(list.find('本店最 優惠')?.original).toBe('最 優惠');
  });

  it('passes clean text and skips text before `from`', () => {
    expect(list.find('您的验证码为1234')).toBeNull();
    expect(list.find('【免费宝】您好', 6)).toBeNull();
  });

  it('keeps the stricter category when a word is listed twice', () => {
    const twice = new SensitiveWordList([review('红包'), block('紅包')], normalizer);
    expect(twice.size).toBe(1);
    expect(twice.find('领红包')?.word.category).toBe('block');
  });

  it('copes with a list of 10,000 words', () => {
    const words: SensitiveWord[] = [];
    for (let i = 0; i < 10_000; i++) words.push(block(`词${i.toString(36)}语`));
    const big = new SensitiveWordList([...words, block('禁止')], normalizer);
    expect(big.find('这里禁 止')?.original).toBe('禁 止');
    expect(big.find('词1a语')?.original).toBe('词1a语');
    expect(big.find('普通的通知短信')).toBeNull();
  });
});
