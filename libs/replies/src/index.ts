export * from './reply-keywords';
export * from './reply-destination';
export * from './reply-route';
