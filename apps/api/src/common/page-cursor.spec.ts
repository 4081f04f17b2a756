import { DomainException } from '@tongdao/platform';
import { decodeCursor, encodeCursor } from './page-cursor';

describe('page cursor', () => {
  it('round-trips a position', () => {
    const cursor = {
      createdAt: new Date('2026-11-22T10:00:00.123Z'),
      id: '0190f5a4-1b2c-7d3e-8f40-123456789abc',
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    '',
    '!!!',
    Buffer.from('2026-01-01T00:00:00.000Z|nope').toString('base64url'),
    Buffer.from('x|y|z').toString('base64url'),
  ])('rejects %p as INVALID_CURSOR', (value) => {
    expect(() => decodeCursor(value)).toThrow(DomainException);
    try {
      decodeCursor(value);
    } catch (error) {
      expect((error as DomainException).code).toBe('INVALID_CURSOR');
      expect((error as DomainException).field).toBe('cursor');
    }
  });
});
