/**
 * Writes phone.dat files for tests: header (4-character version, int32 LE index offset), NUL-terminated
 * "province|city|zip|area code" records, then 9-byte index entries (int32 LE prefix, int32 LE record offset,
 * uint8 card type). Records are shared between entries that name the same place, as real files do.
 */
export interface PhoneDatEntry {
  prefix: number;
  province: string;
  city: string;
  cardType: number;
  zip?: string;
  areaCode?: string;
}

export interface PhoneDatOptions {
  version?: string;
  /** Keep the entries' order instead of sorting them by prefix. */
  unsorted?: boolean;
}

export function writePhoneDat(entries: readonly PhoneDatEntry[], options: PhoneDatOptions = {}): Buffer {
  const records: Buffer[] = [];
  const recordOffsets = new Map<string, number>();
  let offset = 8;
  const ordered = options.unsorted ? [...entries] : [...entries].sort((a, b) => a.prefix - b.prefix);
  const index = Buffer.alloc(ordered.length * 9);
  ordered.forEach((entry, position) => {
    const text = `${entry.province}|${entry.city}|${entry.zip ?? '000000'}|${entry.areaCode ?? '000'}`;
    let recordOffset = recordOffsets.get(text);
    if (recordOffset === undefined) {
      recordOffset = offset;
      const record = Buffer.from(`${text}\0`, 'utf8');
      records.push(record);
      recordOffsets.set(text, recordOffset);
      offset += record.length;
    }
    index.writeInt32LE(entry.prefix, position * 9);
    index.writeInt32LE(recordOffset, position * 9 + 4);
    index.writeUInt8(entry.cardType, position * 9 + 8);
  });
  const header = Buffer.alloc(8);
  header.write((options.version ?? '2312').slice(0, 4).padEnd(4, '0'), 0, 'latin1');
  header.writeInt32LE(offset, 4);
  return Buffer.concat([header, ...records, index]);
}
