export * from './cmpp-driver';
export * from './sgip-driver';
export * from './sgip-receiver-server';
export * from './smgp-driver';
export * from './smpp-driver';
export * from './message-format';
export * from './carrier-time';
export * from './concat-reference-counter';
