import { canEncode } from '@tongdao/sms';
import type { CarrierCoding } from '../session/protocol-driver';

/** A plain loop rather than a trial encode: a thrown TextEncodingError per Chinese message is costly at volume. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    if (text.charCodeAt(i) > 0x7f) return false;
  }
  return true;
}

/** ASCII for plain ASCII text, otherwise UCS2, or GBK where the channel prefers it and the protocol carries it. */
export function chooseCarrierCoding(text: string, preferGbk: boolean, gbkSupported: boolean): CarrierCoding {
  if (isPlainAscii(text)) return 'ASCII';
  if (preferGbk && gbkSupported && canEncode(text, 'GBK')) return 'GBK';
  return 'UCS2';
}
