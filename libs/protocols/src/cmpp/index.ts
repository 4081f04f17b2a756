export * from './cmpp-command';
export * from './cmpp-pdu';
export * from './cmpp-layout';
export * from './cmpp-codec';
export * from './cmpp-status-report';
export * from './cmpp-msg-id';
export * from './cmpp-msg-id-generator';
export * from './cmpp-authenticator';
export { CMPP_MAX_DESTINATIONS } from './cmpp-encoder';
