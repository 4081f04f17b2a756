import { createHmac } from 'node:crypto';
import { canonicalRequest, signatureMatches, signRequest } from './request-signature';

describe('request signature', () => {
  const parts = {
    method: 'post',
    pathWithQuery: '/v1/messages?x=1',
    timestamp: '1763800000',
    nonce: 'n0nce-n0nce-n0nce',
    body: Buffer.from('{"a":1}'),
  };

  it('signs METHOD, path with query, timestamp, nonce and the body hash, one per line', () => {
    expect(canonicalRequest(parts)).toBe(
      'POST\n/v1/messages?x=1\n1763800000\nn0nce-n0nce-n0nce\n015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    );
    expect(signRequest('secret', parts)).toBe(
      createHmac('sha256', 'secret').update(canonicalRequest(parts)).digest('hex'),
    );
  });

  it('verifies only the exact signature', () => {
    const signature = signRequest('secret', parts);
    expect(signatureMatches('secret', parts, signature)).toBe(true);
    expect(signatureMatches('secret', parts, signature.toUpperCase())).toBe(true);
    expect(signatureMatches('other', parts, signature)).toBe(false);
    expect(signatureMatches('secret', { ...parts, body: Buffer.from('{"a":2}') }, signature)).toBe(false);
    expect(signatureMatches('secret', parts, 'zz')).toBe(false);
  });
});
