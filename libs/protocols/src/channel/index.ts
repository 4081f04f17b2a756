export * from './channel-config';
export * from './carrier-channel';
export * from './create-carrier-channel';
export * from './invalid-outbound-sms-error';
export * from './address-format';
export * from './carrier-coding-choice';
export * from './inbound-assembler';
export * from './protocol-driver-factory';
