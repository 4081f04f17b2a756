export * from './short-code';
export * from './target-url';
