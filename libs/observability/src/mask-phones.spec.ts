import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from './create-logger';
import { maskPhonesDeep, maskPhonesInText } from './mask-phones';

describe('phone masking', () => {
  it.each([
    ['send to 13800138000 now', 'send to 138****8000 now'],
    ['+8613800138000', '+86138****8000'],
    ['008613912345678', '008613912345678'.replace('91234', '9****')],
    ['8615012345678', '86150****5678'],
    ['+447911123456', '+4479****3456'],
    ['order 2024010112345 stays', 'order 2024010112345 stays'],
  ])('masks %s', async (input, expected) => {
    await expect(Promise.resolve(maskPhonesInText(input))).resolves.toBe(expected);
  });

  it('masks nested objects without touching other fields', () => {
    const masked = maskPhonesDeep({ phone: '13800138000', list: ['+8613900139000'], count: 3 });
    expect(masked).toEqual({ phone: '138****8000', list: ['+86139****9000'], count: 3 });
  });

  it('never writes a phone number or a secret through the logger', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino(loggerOptions('info', 'test'), sink);
    logger.info(
      { phone: '13800138000', password: 'hunter2', req: { headers: { authorization: 'Bearer td_x' } } },
      'to 13800138000',
    );
    const written = lines.join('');
    expect(written).not.toContain('13800138000');
    expect(written).not.toContain('hunter2');
    expect(written).not.toContain('td_x');
    expect(written).toContain('138****8000');
  });
});
