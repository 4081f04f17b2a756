import { createHash } from 'node:crypto';
import { cmppAuthenticatorIsmg, cmppAuthenticatorSource, cmppTimestamp } from './cmpp-authenticator';

describe('CMPP authenticators', () => {
  const source = cmppAuthenticatorSource('900001', '888888', 1119162850);

  it('matches the reference AuthenticatorSource', () => {
    expect(source.toString('hex')).toBe('c1d46f474e0eb4c5e8c8510b93c743c4');
  });

  it('hashes a 1-byte status on 2.0 and a 4-byte status on 3.0', () => {
    expect(cmppAuthenticatorIsmg(0, source, '888888', 2).toString('hex')).toBe(
      'fa9b024bffe146e3c93c20e90fed5161',
    );
    expect(cmppAuthenticatorIsmg(0, source, '888888', 3).toString('hex')).toBe(
      '299b9a3d11a07c43315d65107d7a7464',
    );
  });

  it('zero-pads January-September timestamps to 10 digits inside the hash', () => {
    const padded = cmppAuthenticatorSource('900001', '888888', 105010203);
    const manual = createHash('md5')
      .update(
        Buffer.concat([
          Buffer.from('900001'),
          Buffer.alloc(9),
          Buffer.from('888888'),
          Buffer.from('0105010203'),
        ]),
      )
      .digest();
    expect(padded).toEqual(manual);
  });

  it('formats MMDDHHMMSS in Beijing time regardless of the host time zone', () => {
    expect(cmppTimestamp(new Date('2024-11-19T08:28:50Z'))).toBe(1119162850);
    expect(cmppTimestamp(new Date('2024-12-31T16:00:01Z'))).toBe(101000001);
    expect(cmppTimestamp(new Date('2024-11-19T16:28:50Z'), 0)).toBe(1119162850);
  });
});
