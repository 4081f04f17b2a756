export * from './outbox-consumer';
export * from './outbox-cursor.repository';
export * from './outbox-runner.service';
export * from './outbox.module';
