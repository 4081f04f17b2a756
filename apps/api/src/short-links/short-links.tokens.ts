export const LINK_CACHE_BUS = Symbol('LINK_CACHE_BUS');
