export * from './webhook-signature';
export * from './retry-schedule';
export * from './webhook-lane';
export * from './report-event';
export * from './reply-event';
export * from './webhook-secret';
