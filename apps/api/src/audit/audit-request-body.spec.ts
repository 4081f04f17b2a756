import { auditRequestBody } from './audit-request-body';

describe('auditRequestBody', () => {
  it('redacts secret-looking fields at any depth and masks phone numbers', () => {
    expect(
      auditRequestBody(
        {
          name: 'cmpp-a',
          password: 'hunter2',
          credentials: { account: 'x', passwordSealed: 'abc' },
          nested: [{ api_key: 'k', token: 't', note: 'call 13800138000' }],
          phone: '+8613912345678',
        },
        10_000,
      ),
    ).toEqual({
      name: 'cmpp-a',
      password: '[redacted]',
      credentials: '[redacted]',
      nested: [{ api_key: '[redacted]', token: '[redacted]', note: 'call 138****8000' }],
      phone: '+86139****5678',
    });
  });

  it('summarises bodies above the size limit', () => {
    const words = Array.from({ length: 2000 }, (_, index) => `词${index}`);
    expect(auditRequestBody({ category: 'block', words }, 1000)).toEqual({
      omitted: 'too large',
      bytes: expect.any(Number),
      fields: ['category', 'words'],
    });
  });

  it('keeps only the size of raw uploads, and summarises large bodies without walking them', () => {
    expect(auditRequestBody(Buffer.from('13800138000,CUCC\n'), 10_000)).toEqual({
      omitted: 'raw body',
      bytes: 17,
    });
    expect(auditRequestBody('13800138000', 10_000)).toEqual({ omitted: 'raw body', bytes: 11 });
    expect(auditRequestBody({ words: ['a'] }, 100, 5_000_000)).toEqual({
      omitted: 'too large',
      bytes: 5_000_000,
      fields: ['words'],
    });
  });

  it('keeps absent bodies absent', () => {
    expect(auditRequestBody(undefined, 100)).toBeNull();
    expect(auditRequestBody({}, 100)).toEqual({});
  });
});
