export * from './balance-store';
export * from './ledger-store';
export * from './reservation-store';
export * from './usage-store';
