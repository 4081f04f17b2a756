import { ProtocolDecodeError } from '../core';
import { SgipSequence } from './sgip-pdu';

const UINT32_MAX = 0xffffffff;
const FORMATTED = /^(\d{1,10})-(\d{10})-(\d{1,10})$/;

/** The normalised receipt-matching key: `${nodeId}-${timestamp as %010d}-${sequence}`. */
export function formatSgipSequence(seq: SgipSequence): string {
  return `${seq.nodeId}-${String(seq.timestamp).padStart(10, '0')}-${seq.sequence}`;
}

export function parseSgipSequence(text: string): SgipSequence {
  const match = FORMATTED.exec(text);
  const parts = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [];
  if (!match || parts.some((part) => part > UINT32_MAX)) {
    throw new ProtocolDecodeError(
      `"${text}" is not a nodeId-timestamp-sequence SGIP sequence number`,
      'sgip',
    );
  }
  return { nodeId: parts[0], timestamp: parts[1], sequence: parts[2] };
}
