import { parseSmppReceipt } from './smpp-receipt';

describe('parseSmppReceipt', () => {
  it('parses the SMPP 3.4 Appendix B layout', () => {
    expect(
      parseSmppReceipt(
        'id:0123456789 sub:001 dlvrd:001 submit date:2611221330 done date:2611221331 stat:DELIVRD err:000 text:Hello world',
      ),
    ).toEqual({
      id: '0123456789',
      sub: '001',
      dlvrd: '001',
      submitDate: '2611221330',
      doneDate: '2611221331',
      stat: 'DELIVRD',
      err: '000',
      text: 'Hello world',
    });
  });

  it('tolerates other field orders, upper case and missing fields', () => {
    expect(parseSmppReceipt('ID:abc STAT:undeliv ERR:006')).toMatchObject({
      id: 'abc',
      stat: 'UNDELIV',
      err: '006',
    });
  });

  it('does not take a "…id:" inside another word or inside the text for a field', () => {
    const receipt = parseSmppReceipt('id:42 stat:DELIVRD text:valid:yes stat:nope');
    expect(receipt).toMatchObject({ id: '42', stat: 'DELIVRD', text: 'valid:yes stat:nope' });
  });

  it('returns null when id or stat is missing', () => {
    expect(parseSmppReceipt('sub:001 dlvrd:001')).toBeNull();
    expect(parseSmppReceipt('id:1 err:0')).toBeNull();
    expect(parseSmppReceipt('')).toBeNull();
  });
});
