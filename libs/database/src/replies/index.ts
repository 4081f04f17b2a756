export * from './reply-record';
export * from './reply-stream-reader';
