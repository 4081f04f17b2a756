import { ComplianceBatch } from '../compliance-batch';

/** The phones of the recipients still in play, with their batch positions. */
export function openPhones(batch: ComplianceBatch): { indexes: number[]; phones: string[] } {
  const indexes = batch.openIndexes();
  return { indexes, phones: indexes.map((index) => batch.recipients[index]!.phone) };
}
