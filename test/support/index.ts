export * from './seed-messages';
export * from './test-database';
export * from './test-redis';
export * from './test-simulator';
export * from './child-app';
export * from './webhook-receiver';
export * from './phone-dat-writer';
