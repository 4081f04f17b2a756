import * as iconv from 'iconv-lite';
import { PrefixTable } from '../number-data/prefix-table';
import { decodeText } from './csv-rows';
import { NumberFileError } from './number-file-error';
import { parsePrefixCsv } from './prefix-csv';

function failure(text: string): NumberFileError {
  try {
    parsePrefixCsv(text);
  } catch (error) {
    if (error instanceof NumberFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('parsePrefixCsv', () => {
  it('reads prefix,carrier,province,city rows into a layer in canonical form', () => {
    const parsed = parsePrefixCsv(
      [
        'prefix,carrier,province,city',
        '1921234,中国广电,广东省,深圳市',
        '166,CUCC,,',
        '1990000,电信,Beijing,',
        '1700,移动虚拟运营商,,',
        '16212,,浙江,杭州',
      ].join('\n'),
      'import-1',
    );
    const table = PrefixTable.compile([parsed.layer]);
    expect(table.lookup('19212345678')).toMatchObject({
      carrier: 'CBN',
      province: '广东',
      city: '深圳',
      source: 'imported',
      importId: 'import-1',
    });
    expect(table.lookup('16612345678')).toMatchObject({
      carrier: 'CUCC',
      source: 'imported',
      province: null,
    });
    expect(table.lookup('19900001111')).toMatchObject({ carrier: 'CTCC', province: '北京', city: null });
    expect(table.lookup('17001234567')).toMatchObject({ carrier: 'CMCC', mvno: true });
    expect(table.lookup('16212345678')).toMatchObject({
      carrier: 'CTCC',
      source: 'builtin',
      province: '浙江',
    });
    expect(parsed.summary).toEqual({
      format: 'csv',
      version: null,
      entries: 5,
      provinces: ['广东', '北京', '浙江'],
      carriers: { CBN: 1, CUCC: 1, CTCC: 1, CMCC: 1 },
      mvnoEntries: 1,
      entriesWithoutCarrier: 1,
      entriesWithoutProvince: 2,
      skipped: 0,
      warnings: [],
    });
  });

  it('reads files without a header, with a BOM, comments, blank lines, quotes and extra columns', () => {
    const parsed = parsePrefixCsv('\ufeff# exported 2024-01\n\n1380013,CMCC,"北京",北京,100000,010\n\n');
    expect(parsed.layer.count).toBe(1);
    expect(PrefixTable.compile([parsed.layer]).lookup('13800138000')).toMatchObject({ province: '北京' });
  });

  it('takes the columns in the order a header names them, Chinese headers included', () => {
    const parsed = parsePrefixCsv('省份,号段,城市,运营商\n广东,1391234,广州,移动\n');
    expect(PrefixTable.compile([parsed.layer]).lookup('13912345678')).toMatchObject({
      carrier: 'CMCC',
      province: '广东',
      city: '广州',
    });
  });

  it('names the line and column of every bad row and imports nothing', () => {
    const error = failure(
      [
        'prefix,carrier,province,city',
        '138x,CMCC,北京,北京',
        '13,CMCC,北京,',
        '13800138,CMCC,北京,',
        '1280000,CMCC,北京,',
        '1390000,AT&T,北京,',
        '1390001,CMCC,火星,',
        '1390002,CMCC,,深圳',
        '1390003,,,',
        '1390004,CMCC,广东,',
        '1390004,CUCC,广东,',
      ].join('\n'),
    );
    expect(error.kind).toBe('rows');
    expect(error.issues.map(({ line, field }) => [line, field])).toEqual([
      [2, 'prefix'],
      [3, 'prefix'],
      [4, 'prefix'],
      [5, 'prefix'],
      [6, 'carrier'],
      [7, 'province'],
      [8, 'city'],
      [9, 'carrier'],
      [11, 'prefix'],
    ]);
    expect(error.message).toMatch(/^line 2: prefix "138x" is not a number \(and 8 more problems\)$/);
    expect(error.issues[8]!.message).toBe('prefix 1390004 already on line 10');
    expect(error.issues[5]!.message).toContain('火星');
  });

  it('reports at most 50 problems but counts them all', () => {
    const rows = Array.from({ length: 120 }, (_, i) => `12${String(i).padStart(5, '0')},CMCC,北京,`);
    const error = failure(rows.join('\n'));
    expect(error.issues).toHaveLength(50);
    expect(error.totalIssues).toBe(120);
  });

  it('refuses unreadable CSV with the line where it broke', () => {
    const error = failure('prefix,carrier,province,city\n1380000,CMCC,"北京,北京\n1390000,CMCC,上海,上海\n');
    expect(error.kind).toBe('structure');
    expect(error.field).toBe('file');
    expect(error.issues[0]!.line).toBe(3);
  });

  it('refuses a file with no rows or a header without a prefix column', () => {
    expect(failure('prefix,carrier,province,city\n').message).toBe('the file has no prefix rows');
    expect(failure('# nothing\n').message).toBe('the file has no prefix rows');
    expect(failure('prefix,carrier\n').kind).toBe('structure');
  });
});

describe('decodeText', () => {
  it('reads UTF-8 and, when told, GBK', () => {
    expect(decodeText(Buffer.from('广东,深圳'))).toBe('广东,深圳');
    expect(decodeText(iconv.encode('1380013,移动,广东省,深圳市', 'gbk'), 'GBK')).toBe(
      '1380013,移动,广东省,深圳市',
    );
    expect(decodeText(iconv.encode('广东', 'gb18030'), 'gb18030')).toBe('广东');
  });

  it('refuses bytes that are not UTF-8 and charsets it does not know', () => {
    expect(() => decodeText(iconv.encode('广东省', 'gbk'))).toThrow(/not valid UTF-8.*charset=gbk/);
    expect(() => decodeText(Buffer.from('x'), 'latin1')).toThrow(/charset latin1 is not supported/);
  });

  it('refuses a NUL byte, which no text column can store', () => {
    expect(() => decodeText(Buffer.from('13800138000,CTCC,bad\u0000note\n'))).toThrow(/NUL byte/);
    expect(() => decodeText(Buffer.from('x\u0000'), 'gbk')).toThrow(/NUL byte/);
  });
});
