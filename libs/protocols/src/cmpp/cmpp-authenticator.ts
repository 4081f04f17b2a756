import { createHash } from 'node:crypto';
import { carrierTimestamp, formatCarrierTimestamp } from '../core';
import { CmppVersion } from './cmpp-command';

const SOURCE_ADDR_PADDING = Buffer.alloc(9);

function md5(...parts: Buffer[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * MD5(Source_Addr + 9 × 0x00 + secret + %010d timestamp). The user name is hashed as given (not padded to
 * 6 bytes); implementations differ there and agree when the name is the usual 6 characters.
 */
export function cmppAuthenticatorSource(user: string, secret: string, timestamp: number): Buffer {
  return md5(
    Buffer.from(user, 'latin1'),
    SOURCE_ADDR_PADDING,
    Buffer.from(secret, 'latin1'),
    Buffer.from(formatCarrierTimestamp(timestamp), 'latin1'),
  );
}

/** MD5(Status + AuthenticatorSource + secret): the status is hashed as 1 byte on 2.0 and 4 bytes BE on 3.0. */
export function cmppAuthenticatorIsmg(
  status: number,
  authSource: Buffer,
  secret: string,
  version: CmppVersion,
): Buffer {
  const statusBytes = version === 3 ? Buffer.alloc(4) : Buffer.alloc(1);
  if (version === 3) statusBytes.writeUInt32BE(status >>> 0, 0);
  else statusBytes.writeUInt8(status & 0xff, 0);
  return md5(statusBytes, authSource, Buffer.from(secret, 'latin1'));
}

/** MMDDHHMMSS (Beijing time by default) as the number CMPP_CONNECT carries; string form is `%010d`. */
export function cmppTimestamp(date: Date, utcOffsetMinutes?: number): number {
  return carrierTimestamp(date, utcOffsetMinutes);
}
