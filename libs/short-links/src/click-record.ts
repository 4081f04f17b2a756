import { ClickClass } from './click-classifier';

/** A click as stored in the `clicks` table (and handed to `onClicksStored` listeners). */
export interface ClickRecord {
  clickId: string;
  linkId: string;
  accountId: string;
  messageId: string | null;
  recipientId: string | null;
  occurredAt: Date;
  ipPrefix: string | null;
  device: string;
  os: string | null;
  browser: string | null;
  country: string | null;
  province: string | null;
  city: string | null;
  referrer: string | null;
  class: ClickClass;
  reason: string;
  delayMs: number | null;
  method: string;
  userAgent: string | null;
}
