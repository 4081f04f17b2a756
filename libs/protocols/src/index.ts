export * from './core';
export * from './cmpp';
export * from './sgip';
export * from './smgp';
export * from './session';
export * from './drivers';
export * from './smpp';
export * from './channel';
