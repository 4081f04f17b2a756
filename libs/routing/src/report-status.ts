export type FinalStatus = 'DELIVERED' | 'UNDELIVERED' | 'EXPIRED' | 'REJECTED';

/** Carrier stat strings (SMPP-style, plus vendor codes such as MK:0001) to our final statuses. */
export function finalStatusFromStat(stat: string, delivered: boolean): FinalStatus {
  if (delivered) return 'DELIVERED';
  switch (stat.trim().toUpperCase()) {
    case 'EXPIRED':
      return 'EXPIRED';
    case 'REJECTD':
    case 'REJECTED':
      return 'REJECTED';
    default:
      return 'UNDELIVERED';
  }
}
