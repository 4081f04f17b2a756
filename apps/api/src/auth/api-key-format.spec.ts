import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates keys whose visible prefix identifies them and whose hash verifies them', () => {
    const key = generateApiKey();
    expect(key.prefix).toMatch(/^td_live_[0-9a-f]{8}$/);
    expect(apiKeyPrefix(key.fullKey)).toBe(key.prefix);
    expect(apiKeyMatches(key.fullKey, key.secretHash)).toBe(true);
    expect(apiKeyMatches(`${key.fullKey.slice(0, -1)}x`, key.secretHash)).toBe(false);
  });

  it('does not repeat', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().fullKey));
    expect(keys.size).toBe(200);
  });

  it.each([
    '',
    'td_live_ab12cd34',
    'td_live_AB12CD34_' + 'a'.repeat(43),
    'td_test_ab12cd34_' + 'a'.repeat(43),
    'td_live_ab12cd34_' + 'a'.repeat(42),
  ])('finds no prefix in %p', (candidate) => {
    expect(apiKeyPrefix(candidate)).toBeNull();
  });

  it('hashes with SHA-256', () => {
    expect(hashApiKey('abc').toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
