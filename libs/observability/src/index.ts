export * from './create-logger';
export * from './mask-phones';
