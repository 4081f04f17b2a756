import { NumberResolver, PortabilityOverrides, PrefixLayer, PrefixTable } from '@tongdao/phone';
import { compileTemplate } from '../templates/template-body';
import { MAX_SEGMENTS_PER_MESSAGE, MessageComposer } from './message-composer';
import { RecipientInput } from './recipient-input';

const recipient = (phone: string, templateParams: Record<string, string> = {}): RecipientInput => ({
  phone,
  templateParams,
  clientRef: null,
});

function numbers(overrides: Array<[string, 'CTCC']> = []): NumberResolver {
  const layer = new PrefixLayer('builtin');
  layer.add('1390000', { carrier: null, mvno: false, province: '广东', city: '深圳' });
  return new NumberResolver(PrefixTable.compile([layer]), new PortabilityOverrides(overrides));
}

describe('MessageComposer', () => {
  const template = (resolver = numbers()) =>
    new MessageComposer('通道', { kind: 'template', template: compileTemplate('验证码${code}') }, resolver);

  it('normalises the phone, renders the template with the signature and counts segments', () => {
    expect(template().compose(recipient('+86 139 0000 0000', { code: '1234' }))).toEqual({
      ok: true,
      message: {
        phone: '+8613900000000',
        content: '【通道】验证码1234',
        encoding: 'UCS2',
        segments: 1,
        carrier: 'CMCC',
        province: '广东',
        clientRef: null,
        templateParams: { code: '1234' },
      },
    });
  });

  it('takes the carrier of a ported number from the override list and leaves unknown provinces null', () => {
    const composer = template(numbers([['13900000000', 'CTCC']]));
    expect(composer.compose(recipient('13900000000', { code: '1' }))).toMatchObject({
      ok: true,
      message: { carrier: 'CTCC', province: '广东' },
    });
    expect(composer.compose(recipient('16212345678', { code: '1' }))).toMatchObject({
      ok: true,
      message: { carrier: 'CTCC', province: null },
    });
  });

  it('rejects a second occurrence of the same number in any notation', () => {
    const composer = template();
    expect(composer.compose(recipient('13900000000', { code: '1' })).ok).toBe(true);
    expect(composer.compose(recipient('0086 139-0000-0000', { code: '2' }))).toMatchObject({
      ok: false,
      rejection: { code: 'DUPLICATE_IN_BATCH', field: 'phone' },
    });
  });

  it('does not count a rejected recipient as seen', () => {
    const composer = template();
    expect(composer.compose(recipient('13900000000')).ok).toBe(false);
    expect(composer.compose(recipient('13900000000', { code: '1' })).ok).toBe(true);
  });

  it('names missing and unknown variables', () => {
    expect(template().compose(recipient('13900000000'))).toMatchObject({
      ok: false,
      rejection: { code: 'TEMPLATE_VARIABLE_MISSING', field: 'template_params.code' },
    });
    expect(template().compose(recipient('13900000000', { code: '1', other: '2' }))).toMatchObject({
      ok: false,
      rejection: { code: 'TEMPLATE_VARIABLE_INVALID', field: 'template_params.other' },
    });
  });

  it('rejects invalid phones with the reason from the phone library', () => {
    expect(template().compose(recipient('hello'))).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_PHONE', field: 'phone' },
    });
  });

  it('keeps international numbers without a mainland carrier', () => {
    const result = template().compose(recipient('+44 7911 123456', { code: '1' }));
    expect(result).toMatchObject({
      ok: true,
      message: { phone: '+447911123456', carrier: null, province: null },
    });
  });

  it('refuses content beyond the segment ceiling', () => {
    const long = new MessageComposer(
      '通道',
      { kind: 'content', content: '长'.repeat(67 * MAX_SEGMENTS_PER_MESSAGE) },
      numbers(),
    );
    expect(long.compose(recipient('13900000000'))).toMatchObject({
      ok: false,
      rejection: { code: 'CONTENT_TOO_LONG', field: 'content' },
    });
  });

  it('refuses template_params on free text', () => {
    const free = new MessageComposer('通道', { kind: 'content', content: 'hi' }, numbers());
    expect(free.compose(recipient('13900000000', { a: '1' }))).toMatchObject({
      ok: false,
      rejection: { field: 'template_params' },
    });
  });
});
