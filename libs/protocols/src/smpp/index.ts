export * from './smpp-pdu';
export * from './smpp-codec';
export * from './smpp-receipt';
