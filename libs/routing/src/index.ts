export * from './dispatch-route';
export * from './dispatch-types';
export * from './route-types';
export * from './select-channel';
export * from './submit-policy';
