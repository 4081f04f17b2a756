import { createHash } from 'node:crypto';
import { formatCarrierTimestamp } from '../core';

const CLIENT_ID_PADDING = Buffer.alloc(7);

function md5(...parts: Buffer[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** MD5(ClientID + 7 × 0x00 + secret + %010d timestamp). */
export function smgpAuthenticatorClient(clientId: string, secret: string, timestamp: number): Buffer {
  return md5(
    Buffer.from(clientId, 'latin1'),
    CLIENT_ID_PADDING,
    Buffer.from(secret, 'latin1'),
    Buffer.from(formatCarrierTimestamp(timestamp), 'latin1'),
  );
}

/** MD5(Status as 4 bytes BE + AuthenticatorClient + secret). */
export function smgpAuthenticatorServer(status: number, authenticatorClient: Buffer, secret: string): Buffer {
  const statusBytes = Buffer.alloc(4);
  statusBytes.writeUInt32BE(status >>> 0, 0);
  return md5(statusBytes, authenticatorClient, Buffer.from(secret, 'latin1'));
}
