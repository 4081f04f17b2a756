import { parseCarrierName } from './carrier-names';

describe('parseCarrierName', () => {
  it.each([
    ['CMCC', 'CMCC', false],
    ['cmcc', 'CMCC', false],
    ['中国移动', 'CMCC', false],
    ['移动', 'CMCC', false],
    ['China Mobile', 'CMCC', false],
    ['CUCC', 'CUCC', false],
    ['联通', 'CUCC', false],
    ['China Unicom', 'CUCC', false],
    ['CTCC', 'CTCC', false],
    ['中国电信', 'CTCC', false],
    ['CBN', 'CBN', false],
    ['中国广电', 'CBN', false],
    ['广电', 'CBN', false],
    ['CBCC', 'CBN', false],
    ['中国移动虚拟运营商', 'CMCC', true],
    ['联通虚拟运营商', 'CUCC', true],
    ['电信虚拟', 'CTCC', true],
    ['CMCC-MVNO', 'CMCC', true],
    ['CUCC_MVNO', 'CUCC', true],
    ['CTCC_v', 'CTCC', true],
    ['广电虚拟运营商', 'CBN', true],
  ])('%j -> %s (mvno %s)', (text, carrier, mvno) => {
    expect(parseCarrierName(text)).toEqual({ carrier, mvno });
  });

  it.each(['', 'AT&T', '虚拟运营商', 'mvno', '中国铁通', 'CMCCX'])('%j is not a carrier', (text) => {
    expect(parseCarrierName(text)).toBeNull();
  });
});
