export * from './number-data.module';
export * from './number-data.repository';
export * from './number-data.types';
export * from './number-directory';
