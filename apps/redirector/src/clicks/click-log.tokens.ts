export const CLICK_LOG = Symbol('CLICK_LOG');
