export * from './cidr';
export * from './ip-allowlist';
