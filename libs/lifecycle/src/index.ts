export * from './message-kind';
export * from './message-status';
export * from './status-machine';
export * from './report-outcome';
export * from './message-transition';
