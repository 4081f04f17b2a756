export * from './dispatch-queue';
export * from './message-transitions';
export * from './outbox-event';
export * from './outbox-reader';
