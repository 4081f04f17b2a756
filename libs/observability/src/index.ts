export * from './create-logger';
export * from './mask-phones';
export * from './serialize-error';
