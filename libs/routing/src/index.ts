export * from './report-status';
export * from './route-types';
export * from './select-channel';
export * from './submit-policy';
