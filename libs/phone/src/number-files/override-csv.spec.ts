import { NumberFileError } from './number-file-error';
import { parseOverrideCsv } from './override-csv';

describe('parseOverrideCsv', () => {
  it('reads phone,carrier[,note] in any accepted phone notation', () => {
    expect(
      parseOverrideCsv(
        'phone,carrier,note\n+86 138 0013 8000,CTCC,ticket 1\n139-0013-9000,联通,\n8615000000000,广电\n',
      ),
    ).toEqual({
      phones: ['13800138000', '13900139000', '15000000000'],
      carriers: ['CTCC', 'CUCC', 'CBN'],
      notes: ['ticket 1', null, null],
    });
    expect(parseOverrideCsv('号码,运营商\n13800138000,中国移动\n').carriers).toEqual(['CMCC']);
    expect(parseOverrideCsv('13800138000,CMCC\n').phones).toEqual(['13800138000']);
  });

  it('names the line of every bad row without echoing whole numbers', () => {
    let error: NumberFileError | undefined;
    try {
      parseOverrideCsv(
        [
          'phone,carrier,note',
          '1380013800,CMCC',
          '+14155552671,CMCC',
          '13800138000,AT&T',
          '13900139000,CTCC',
          '+86 139 0013 9000,CUCC',
          `13700137000,CMCC,${'x'.repeat(201)}`,
        ].join('\n'),
      );
    } catch (caught) {
      error = caught as NumberFileError;
    }
    expect(error).toBeInstanceOf(NumberFileError);
    expect(error!.issues.map(({ line, field }) => [line, field])).toEqual([
      [2, 'phone'],
      [3, 'phone'],
      [4, 'carrier'],
      [6, 'phone'],
      [7, 'note'],
    ]);
    expect(error!.issues[3]!.message).toBe('139****9000 already on line 5');
    expect(JSON.stringify(error!.issues)).not.toMatch(/13900139000|4155552671|1380013800/);
  });

  it('needs phone and carrier columns and at least one row', () => {
    expect(() => parseOverrideCsv('phone,note\n13800138000,x\n')).toThrow(
      'the header row needs a phone and a carrier column',
    );
    expect(() => parseOverrideCsv('phone,carrier\n')).toThrow('the file has no rows');
  });
});
