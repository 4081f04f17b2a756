import { parseRecipient } from './recipient-input';

describe('parseRecipient', () => {
  it('accepts a phone with string or number parameters and a client_ref', () => {
    expect(
      parseRecipient({
        phone: '13800138000',
        template_params: { code: 1234, name: '张' },
        client_ref: 'r-1',
      }),
    ).toEqual({
      ok: true,
      recipient: { phone: '13800138000', templateParams: { code: '1234', name: '张' }, clientRef: 'r-1' },
    });
  });

  it.each([
    ['a non-object', 'x', 'VALIDATION_FAILED', ''],
    ['null', null, 'VALIDATION_FAILED', ''],
    ['an array', [], 'VALIDATION_FAILED', ''],
    ['an unknown field', { phone: '1', carrier: 'CMCC' }, 'UNKNOWN_FIELD', 'carrier'],
    ['a long client_ref', { phone: '1', client_ref: 'x'.repeat(65) }, 'VALIDATION_FAILED', 'client_ref'],
    ['a numeric client_ref', { phone: '1', client_ref: 5 }, 'VALIDATION_FAILED', 'client_ref'],
    [
      'template_params as an array',
      { phone: '1', template_params: ['a'] },
      'VALIDATION_FAILED',
      'template_params',
    ],
    [
      'a boolean parameter',
      { phone: '1', template_params: { ok: true } },
      'TEMPLATE_VARIABLE_INVALID',
      'template_params.ok',
    ],
    [
      'an oversized parameter',
      { phone: '1', template_params: { v: 'x'.repeat(201) } },
      'TEMPLATE_VARIABLE_INVALID',
      'template_params.v',
    ],
    [
      'a numeric phone (single and batch agree: a string)',
      { phone: 13800138000 },
      'VALIDATION_FAILED',
      'phone',
    ],
    ['a missing phone', { client_ref: 'r' }, 'VALIDATION_FAILED', 'phone'],
    ['a null phone', { phone: null }, 'VALIDATION_FAILED', 'phone'],
    ['a null client_ref', { phone: '1', client_ref: null }, 'VALIDATION_FAILED', 'client_ref'],
    ['null template_params', { phone: '1', template_params: null }, 'VALIDATION_FAILED', 'template_params'],
    ['a NUL in the phone', { phone: '138\u0000' }, 'TEXT_INVALID_CHARACTER', 'phone'],
    ['a NUL in client_ref', { phone: '1', client_ref: 'a\u0000' }, 'TEXT_INVALID_CHARACTER', 'client_ref'],
    [
      'an unpaired surrogate in a parameter',
      { phone: '1', template_params: { name: 'x\ud800' } },
      'TEXT_INVALID_CHARACTER',
      'template_params.name',
    ],
    [
      'a NUL in a parameter name',
      { phone: '1', template_params: { 'a\u0000': 'x' } },
      'TEXT_INVALID_CHARACTER',
      'template_params["a\\u0000"]',
    ],
  ])('rejects %s', (_, raw, code, field) => {
    expect(parseRecipient(raw)).toEqual({ ok: false, rejection: expect.objectContaining({ code, field }) });
  });
});
