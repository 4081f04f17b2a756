import { NamedCarrier } from '../carrier-names';
import { PrefixLayer } from '../number-data/prefix-layer';
import { canonicalCity, canonicalProvince } from '../provinces';
import { IssueCollector, NumberFileError } from './number-file-error';
import { ParsedPrefixFile, SummaryCounter } from './prefix-file-summary';

/*
 * phone.dat, the open prefix → location database many Chinese projects ship (xluohome/phonedata, ls0f/phone
 * and their ports), little-endian throughout:
 *   [0, 4)        version, 4 ASCII characters ("2312" = December 2023)
 *   [4, 8)        int32: byte offset of the first index entry
 *   [8, offset)   records "province|city|zip|area code\0", UTF-8
 *   [offset, end) index entries of 9 bytes: int32 7-digit prefix, int32 record offset, uint8 card type,
 *                 sorted by prefix (readers bisect it)
 */
export const PHONE_DAT_HEADER_BYTES = 8;
export const PHONE_DAT_ENTRY_BYTES = 9;

/**
 * Card types 1–6 as the original data sets define them; 7 and 8 (China Broadnet and its virtual operators) as the
 * maintained forks that added the 192 range write them. Anything else (0 = unknown) states no carrier.
 */
export const PHONE_DAT_CARD_TYPES: Readonly<Record<number, NamedCarrier>> = {
  1: { carrier: 'CMCC', mvno: false },
  2: { carrier: 'CUCC', mvno: false },
  3: { carrier: 'CTCC', mvno: false },
  4: { carrier: 'CTCC', mvno: true },
  5: { carrier: 'CUCC', mvno: true },
  6: { carrier: 'CMCC', mvno: true },
  7: { carrier: 'CBN', mvno: false },
  8: { carrier: 'CBN', mvno: true },
};

const FIRST_MOBILE_PREFIX = 1_300_000;
const LAST_MOBILE_PREFIX = 1_999_999;

type RecordResult = { province: string | null; city: string | null } | { problem: string };

export function parsePhoneDat(file: Buffer, importId: string | null = null): ParsedPrefixFile {
  const { version, indexOffset, entries } = readHeader(file);
  const layer = new PrefixLayer('imported', importId);
  const counter = new SummaryCounter();
  const issues = new IssueCollector();
  const records = new Map<number, RecordResult>();
  let previous = -1;
  let unknownCardTypes = 0;
  for (let entry = 0; entry < entries; entry++) {
    const offset = indexOffset + entry * PHONE_DAT_ENTRY_BYTES;
    const prefix = file.readInt32LE(offset);
    const recordOffset = file.readInt32LE(offset + 4);
    const cardType = file[offset + 8]!;
    const fail = (field: string, message: string) => issues.add({ entry, offset, field, message });
    if (prefix < FIRST_MOBILE_PREFIX || prefix > LAST_MOBILE_PREFIX) {
      fail('index', `prefix ${prefix} is not a 7-digit mobile prefix (1300000-1999999)`);
      continue;
    }
    if (prefix <= previous) fail('index', `prefix ${prefix} follows ${previous}; the index must be sorted`);
    previous = Math.max(previous, prefix);
    let record = records.get(recordOffset);
    if (!record) {
      record = readRecord(file, recordOffset, indexOffset);
      records.set(recordOffset, record);
      if ('problem' in record) fail('records', record.problem);
    }
    if ('problem' in record || issues.count > 0) continue;
    const named = PHONE_DAT_CARD_TYPES[cardType];
    if (!named) unknownCardTypes++;
    if (!named && !record.province) {
      counter.skipped++;
      continue;
    }
    const fields = { carrier: named?.carrier ?? null, mvno: named?.mvno ?? false, ...record };
    layer.add(String(prefix), fields);
    counter.count(fields.carrier, fields.mvno, fields.province);
  }
  issues.throwIfAny();
  if (unknownCardTypes > 0) {
    counter.warnings.push(
      `${unknownCardTypes} entries have a card type other than 1-8; their carrier comes from the allocation table`,
    );
  }
  return { layer, summary: counter.summary('phone-dat', layer, version) };
}

function readHeader(file: Buffer): { version: string; indexOffset: number; entries: number } {
  if (file.length < PHONE_DAT_HEADER_BYTES) {
    throw NumberFileError.structure(
      'header',
      `the file has ${file.length} bytes; the phone.dat header alone has 8`,
    );
  }
  const versionBytes = file.subarray(0, 4);
  const version = versionBytes.every((byte) => byte >= 0x20 && byte < 0x7f)
    ? versionBytes.toString('latin1')
    : versionBytes.toString('hex');
  const indexOffset = file.readInt32LE(4);
  if (indexOffset < PHONE_DAT_HEADER_BYTES || indexOffset > file.length) {
    throw NumberFileError.structure(
      'header',
      `the index offset ${indexOffset} lies outside the file (${file.length} bytes); is this a phone.dat file?`,
      { offset: 4 },
    );
  }
  const indexBytes = file.length - indexOffset;
  if (indexBytes % PHONE_DAT_ENTRY_BYTES !== 0) {
    throw NumberFileError.structure(
      'index',
      `the index is ${indexBytes} bytes, not a whole number of 9-byte entries; the file is truncated or not phone.dat`,
      { offset: indexOffset },
    );
  }
  if (indexBytes === 0)
    throw NumberFileError.structure('index', 'the index has no entries', { offset: indexOffset });
  return { version, indexOffset, entries: indexBytes / PHONE_DAT_ENTRY_BYTES };
}

function readRecord(file: Buffer, offset: number, indexOffset: number): RecordResult {
  if (offset < PHONE_DAT_HEADER_BYTES || offset >= indexOffset) {
    return { problem: `record offset ${offset} lies outside the records area [8, ${indexOffset})` };
  }
  const end = file.indexOf(0, offset);
  if (end < 0 || end >= indexOffset)
    return { problem: `the record at offset ${offset} has no terminating NUL` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(offset, end));
  } catch {
    return { problem: `the record at offset ${offset} is not UTF-8` };
  }
  const fields = text.split('|');
  if (fields.length < 2)
    return { problem: `the record at offset ${offset} is not "province|city|zip|area code"` };
  const provinceText = fields[0]!.trim();
  const province = provinceText === '' ? null : canonicalProvince(provinceText);
  if (provinceText !== '' && !province) {
    return {
      problem: `the record at offset ${offset} names "${provinceText.slice(0, 20)}", not a mainland province`,
    };
  }
  return { province, city: province ? canonicalCity(fields[1]!) : null };
}
