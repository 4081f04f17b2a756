import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from './create-logger';
import { maskPhonesDeep, maskPhonesInText, maskPhonesInUrl } from './mask-phones';
import { serializeError } from './serialize-error';

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

describe('phone masking in URLs', () => {
  it.each([
    ['/v1/messages?phone=13800138000', '/v1/messages?phone=138****8000'],
    ['/v1/messages?phone=%2B8613800138000&limit=5', '/v1/messages?phone=%2B86138****8000&limit=5'],
    ['/v1/messages?phone=%2B86%20138%200013%208000', '/v1/messages?phone=%2B86138****8000'],
    ['/v1/messages?phone=138-0013-8000', '/v1/messages?phone=138****8000'],
    ['/v1/messages?phone=+8613800138000', '/v1/messages?phone=%2086138****8000'],
    ['/v1/numbers/13800138000', '/v1/numbers/138****8000'],
    ['/v1/numbers/overrides/%2B8613800138000', '/v1/numbers/overrides/%2B86138****8000'],
    ['/v1/messages?status=QUEUED&limit=20', '/v1/messages?status=QUEUED&limit=20'],
    [
      '/v1/messages/01a2038a-5c1e-7000-8000-000000000000',
      '/v1/messages/01a2038a-5c1e-7000-8000-000000000000',
    ],
    ['/v1/x?bad=%E0%A4%A', '/v1/x?bad=%E0%A4%A'],
  ])('%s', (url, expected) => {
    expect(maskPhonesInUrl(url)).toBe(expected);
  });
});

describe('error serialization', () => {
  it('keeps a failed query’s code and statement, never its parameters or row values', () => {
    const error = Object.assign(new Error('new row violates check constraint "c" for 13800138000'), {
      name: 'QueryFailedError',
      query: 'INSERT INTO messages (phone) VALUES ($1)',
      parameters: ['+8613800138000', '验证码246810'],
      code: '23514',
      detail: 'Failing row contains (+8613800138000, 验证码246810)',
      driverError: { detail: 'Failing row contains (+8613800138000)' },
    });
    const written = JSON.stringify(serializeError(error));
    expect(written).toContain('INSERT INTO messages');
    expect(written).toContain('23514');
    expect(written).not.toContain('246810');
    expect(written).not.toContain('13800138000');
  });
});
