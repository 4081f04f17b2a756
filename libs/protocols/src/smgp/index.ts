export * from './smgp-command';
export * from './smgp-tlv';
export * from './smgp-pdu';
export * from './smgp-codec';
export * from './smgp-status-report';
export * from './smgp-msg-id';
export * from './smgp-msg-id-generator';
export * from './smgp-authenticator';
export { SMGP_MAX_DESTINATIONS } from './smgp-encoder';
