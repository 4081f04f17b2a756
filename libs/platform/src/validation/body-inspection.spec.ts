import { DomainException } from '../errors/domain-exception';
import { findInvalidText, inspectRequestBody, invalidCharacterIn } from './body-inspection';

function problem(body: unknown, options = { maxDepth: 32 }, raw?: Buffer): unknown {
  try {
    inspectRequestBody(body, raw, options);
    return null;
  } catch (error) {
    const { code, field } = error as DomainException;
    return { code, field };
  }
}

describe('invalidCharacterIn', () => {
  it.each([
    ['plain text', 'hello 你好', null],
    ['an emoji (a surrogate pair)', '😀 ok', null],
    ['NUL', 'a\u0000b', 'NUL'],
    ['a lone high surrogate', 'a\ud83d', 'U+D83D'],
    ['a lone high surrogate before text', '\ud83dx', 'U+D83D'],
    ['a lone low surrogate', '\ude00a', 'U+DE00'],
    ['two high surrogates in a row', '\ud83d\ud83d\ude00', 'U+D83D'],
  ])('%s', (_, text, expected) => {
    const found = invalidCharacterIn(text);
    if (expected === null) expect(found).toBeNull();
    else expect(found).toContain(expected);
  });
});

describe('inspectRequestBody', () => {
  it('names the path of the first unstorable string, keys included', () => {
    expect(problem({ a: [{ b: 'ok' }, { b: 'x\u0000' }] })).toEqual({
      code: 'TEXT_INVALID_CHARACTER',
      field: 'a[1].b',
    });
    expect(problem({ params: { 'we.ird\ud800': 'v' } })).toEqual({
      code: 'TEXT_INVALID_CHARACTER',
      field: 'params["we.ird\\ud800"]',
    });
    expect(problem('\u0000')).toEqual({ code: 'TEXT_INVALID_CHARACTER', field: 'body' });
  });

  it('leaves the items of a per-item field to the route, but not their depth', () => {
    const options = { maxDepth: 4, perItemTextFields: new Set(['recipients']) };
    expect(problem({ recipients: [{ phone: '\u0000' }], signature: 'ok' }, options)).toBeNull();
    expect(problem({ recipients: [{ phone: '1' }], signature: '\u0000' }, options)).toMatchObject({
      field: 'signature',
    });
    expect(problem({ nested: { recipients: ['\u0000'] } }, options)).toMatchObject({
      field: 'nested.recipients[0]',
    });
    expect(problem({ recipients: [{ p: { q: { r: 1 } } }] }, options)).toMatchObject({
      code: 'BODY_TOO_DEEP',
    });
  });

  it('counts depth in objects and arrays, without recursion', () => {
    expect(problem([[[1]]], { maxDepth: 3 })).toBeNull();
    expect(problem([[[[1]]]], { maxDepth: 3 })).toMatchObject({ code: 'BODY_TOO_DEEP', field: '[0][0][0]' });
    let deep: unknown = 1;
    for (let level = 0; level < 200_000; level++) deep = [deep];
    expect(problem(deep)).toMatchObject({ code: 'BODY_TOO_DEEP' });
  });

  it('refuses raw bytes that are not UTF-8', () => {
    expect(problem({}, { maxDepth: 32 }, Buffer.from([0x7b, 0xc3, 0x7d]))).toEqual({
      code: 'TEXT_INVALID_CHARACTER',
      field: 'body',
    });
  });

  it('findInvalidText reports paths relative to the value', () => {
    expect(findInvalidText({ phone: '1', client_ref: 'r\u0000' })).toMatchObject({ field: 'client_ref' });
    expect(findInvalidText({ phone: '1' })).toBeNull();
  });
});
