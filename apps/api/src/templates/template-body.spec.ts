import { compileTemplate, malformedPlaceholder, renderTemplate } from './template-body';

describe('template bodies', () => {
  it('extracts distinct variables in order', () => {
    expect(compileTemplate('您的验证码${code}，${minutes}分钟内有效，勿泄露${code}').variables).toEqual([
      'code',
      'minutes',
    ]);
  });

  it('renders every occurrence', () => {
    const template = compileTemplate('${name}您好，订单${order}已发货。${name}');
    expect(renderTemplate(template, { name: '张三', order: 'A1' })).toEqual({
      ok: true,
      text: '张三您好，订单A1已发货。张三',
    });
  });

  it('names the first missing variable', () => {
    expect(renderTemplate(compileTemplate('验证码${code}，${minutes}分钟'), { code: '1234' })).toEqual({
      ok: false,
      missing: 'minutes',
    });
  });

  it('treats a body without variables as literal text', () => {
    expect(renderTemplate(compileTemplate('欢迎光临'), {})).toEqual({ ok: true, text: '欢迎光临' });
  });

  it('reports malformed placeholders', () => {
    expect(malformedPlaceholder('code ${1abc} here')).toBe('${1abc} here');
    expect(malformedPlaceholder('code ${code')).toBe('${code');
    expect(malformedPlaceholder('code ${code} and $5')).toBeNull();
  });
});
