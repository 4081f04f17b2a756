export * from './domain-exception';
export * from './error-body';
export * from './error-code';
export * from './http-error.filter';
export * from './rate-limited.exception';
