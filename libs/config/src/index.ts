export * from './app-config';
export * from './app-config.schema';
export * from './load-config';
