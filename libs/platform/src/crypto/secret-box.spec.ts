import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const key = randomBytes(32);

  it('round-trips a secret without storing it in clear', () => {
    const box = new SecretBox(key, 'test');
    const sealed = box.seal('tds_very-secret');
    expect(sealed).not.toContain('very-secret');
    expect(box.open(sealed)).toBe('tds_very-secret');
  });

  it('uses a fresh IV every time', () => {
    const box = new SecretBox(key, 'test');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses tampered values, other master keys and other purposes', () => {
    const sealed = new SecretBox(key, 'test').seal('secret');
    const parts = sealed.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('x').toString('base64url')].join('.');
    expect(() => new SecretBox(key, 'test').open(tampered)).toThrow();
    expect(() => new SecretBox(randomBytes(32), 'test').open(sealed)).toThrow();
    expect(() => new SecretBox(key, 'other').open(sealed)).toThrow();
    expect(() => new SecretBox(key, 'test').open('garbage')).toThrow('Unrecognised sealed secret');
  });
});
