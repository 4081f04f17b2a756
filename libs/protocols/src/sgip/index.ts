export * from './sgip-command';
export * from './sgip-pdu';
export * from './sgip-codec';
export * from './sgip-sequence';
export * from './sgip-sequence-generator';
export { SGIP_MAX_USERS } from './sgip-encoder';
