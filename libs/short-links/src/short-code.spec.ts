import { customCodeProblem, looksLikeCode, SHORT_CODE_ALPHABET, ShortCodeGenerator } from './short-code';

describe('ShortCodeGenerator', () => {
  it('draws codes of the configured length from the alphabet without look-alikes', () => {
    const generator = new ShortCodeGenerator(6);
    for (let i = 0; i < 2000; i += 1) {
      const code = generator.next();
      expect(code).toHaveLength(6);
      expect(code).toMatch(/^[23456789A-HJ-NP-Za-km-z]+$/);
    }
  });

  it('never uses 0, O, 1, l or I', () => {
    for (const character of ['0', 'O', '1', 'l', 'I']) expect(SHORT_CODE_ALPHABET).not.toContain(character);
    expect(new Set(SHORT_CODE_ALPHABET).size).toBe(SHORT_CODE_ALPHABET.length);
    expect(SHORT_CODE_ALPHABET).toHaveLength(57);
  });

  it('spreads over the alphabet', () => {
    const generator = new ShortCodeGenerator(8);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i += 1) for (const character of generator.next()) seen.add(character);
    expect(seen.size).toBe(SHORT_CODE_ALPHABET.length);
  });

  it('draws 100,000 distinct 6-character codes', () => {
    const generator = new ShortCodeGenerator(6);
    const codes = new Set<string>();
    for (let i = 0; i < 100_000; i += 1) codes.add(generator.next());
    expect(codes.size).toBeGreaterThan(99_990);
  });

  it('grows the code after repeated collisions, never past 8', () => {
    const generator = new ShortCodeGenerator(4);
    expect(generator.next(0)).toHaveLength(4);
    expect(generator.next(2)).toHaveLength(4);
    expect(generator.next(3)).toHaveLength(5);
    expect(generator.next(100)).toHaveLength(8);
  });

  it('refuses lengths outside 4–8', () => {
    expect(() => new ShortCodeGenerator(3)).toThrow(RangeError);
    expect(() => new ShortCodeGenerator(9)).toThrow(RangeError);
    expect(() => new ShortCodeGenerator(5.5)).toThrow(RangeError);
  });
});

describe('custom codes', () => {
  it.each(['sale', 'Sale2026', 'a-b_c', '3Ed5'])('accepts %s', (code) => {
    expect(customCodeProblem(code)).toBeNull();
    expect(looksLikeCode(code)).toBe(true);
  });

  it.each([
    ['abc', 'CODE_LENGTH'],
    ['abcdefghi', 'CODE_LENGTH'],
    ['ab/c', 'CODE_CHARACTERS'],
    ['ab c', 'CODE_CHARACTERS'],
    ['促销活动', 'CODE_CHARACTERS'],
    ['abc.', 'CODE_CHARACTERS'],
    ['healthz', 'CODE_RESERVED'],
    ['Metrics', 'CODE_RESERVED'],
  ])('refuses %s (%s)', (code, problem) => {
    expect(customCodeProblem(code)).toBe(problem);
  });
});
