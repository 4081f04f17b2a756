import fc from 'fast-check';

/** Test-only generators shared by the protocol specs, the fuzz spec and bench/fuzz (fast-check is a dev dependency). */
const octetChar = fc.integer({ min: 1, max: 0xff }).map((code) => String.fromCharCode(code));

export const octets = (size: number): fc.Arbitrary<string> => fc.string({ unit: octetChar, maxLength: size });
export const bytes = (maxLength: number, minLength = 0): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ minLength, maxLength }).map((array) => Buffer.from(array));
export const fixedBytes = (size: number): fc.Arbitrary<Buffer> => bytes(size, size);
export const u8 = fc.integer({ min: 0, max: 0xff });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });
export const list = <T>(item: fc.Arbitrary<T>, minLength: number, maxLength: number): fc.Arbitrary<T[]> =>
  fc.array(item, { minLength, maxLength });
