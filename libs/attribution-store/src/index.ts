export * from './attribution-store';
export * from './click-rollup';
export * from './conversion-rollup';
export * from './conversion-store';
export * from './delivery-rollup';
