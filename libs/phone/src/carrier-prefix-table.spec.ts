import { Carrier } from './carrier';
import { carrierByPrefix } from './carrier-prefix-table';

function numberFor(prefix: string): string {
  return prefix + '0'.repeat(11 - prefix.length);
}

describe('carrierByPrefix', () => {
  const basic: Array<[Carrier, string[]]> = [
    [
      'CMCC',
      [
        '135',
        '136',
        '137',
        '138',
        '139',
        '150',
        '151',
        '152',
        '157',
        '158',
        '159',
        '172',
        '178',
        '182',
        '183',
        '184',
      ],
    ],
    ['CMCC', ['187', '188', '195', '197', '198']],
    ['CUCC', ['130', '131', '132', '155', '156', '166', '175', '176', '185', '186', '196']],
    ['CTCC', ['133', '153', '173', '177', '180', '181', '189', '190', '191', '193', '199']],
    ['CBN', ['192']],
  ];

  it.each(basic.flatMap(([carrier, prefixes]) => prefixes.map((prefix) => [prefix, carrier] as const)))(
    'basic range %s -> %s',
    (prefix, carrier) => {
      expect(carrierByPrefix(numberFor(prefix))).toEqual({ carrier, mvno: false, dataOnly: false, prefix });
    },
  );

  it.each(['1340', '1344', '1348'])('134 range %s belongs to China Mobile', (prefix) => {
    expect(carrierByPrefix(numberFor(prefix))).toEqual({
      carrier: 'CMCC',
      mvno: false,
      dataOnly: false,
      prefix: '134',
    });
  });

  it('1349 is China Telecom satellite', () => {
    expect(carrierByPrefix('13491234567')).toEqual({
      carrier: 'CTCC',
      mvno: false,
      dataOnly: false,
      prefix: '1349',
    });
  });

  it.each(['17400', '17403', '17405'])('174 range %s belongs to China Telecom', (prefix) => {
    expect(carrierByPrefix(numberFor(prefix))).toEqual({
      carrier: 'CTCC',
      mvno: false,
      dataOnly: false,
      prefix,
    });
  });

  it.each(['17406', '17412', '1749'])('174 range %s is allocated outside the four operators', (prefix) => {
    expect(carrierByPrefix(numberFor(prefix))).toEqual({
      carrier: null,
      mvno: false,
      dataOnly: false,
      prefix,
    });
  });

  it.each<[string, Carrier]>([
    ['1700', 'CTCC'],
    ['1701', 'CTCC'],
    ['1702', 'CTCC'],
    ['162', 'CTCC'],
    ['1703', 'CMCC'],
    ['1705', 'CMCC'],
    ['1706', 'CMCC'],
    ['165', 'CMCC'],
    ['1704', 'CUCC'],
    ['1707', 'CUCC'],
    ['1708', 'CUCC'],
    ['1709', 'CUCC'],
    ['167', 'CUCC'],
    ['171', 'CUCC'],
  ])('MVNO range %s is hosted by %s', (prefix, carrier) => {
    expect(carrierByPrefix(numberFor(prefix))).toEqual({ carrier, mvno: true, dataOnly: false, prefix });
  });

  it.each<[string, Carrier]>([
    ['147', 'CMCC'],
    ['145', 'CUCC'],
    ['149', 'CTCC'],
  ])('data-card range %s belongs to %s', (prefix, carrier) => {
    expect(carrierByPrefix(numberFor(prefix))).toEqual({ carrier, mvno: false, dataOnly: true, prefix });
  });

  it.each([
    '140',
    '141',
    '144',
    '146',
    '148',
    '154',
    '160',
    '161',
    '163',
    '164',
    '168',
    '169',
    '194',
    '17413',
    '1745',
  ])('unallocated or IoT range %s is unknown', (prefix) => {
    expect(carrierByPrefix(numberFor(prefix))).toEqual({
      carrier: null,
      mvno: false,
      dataOnly: false,
      prefix: '',
    });
  });

  it('tolerates a mainland country code and rejects non-mobile input', () => {
    expect(carrierByPrefix('+8613800138000').carrier).toBe('CMCC');
    expect(carrierByPrefix('8618600138000').carrier).toBe('CUCC');
    expect(carrierByPrefix('02112345678').carrier).toBeNull();
    expect(carrierByPrefix('').carrier).toBeNull();
    expect(carrierByPrefix('13').carrier).toBeNull();
  });
});
