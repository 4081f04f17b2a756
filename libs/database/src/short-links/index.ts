export * from './short-domain.repository';
export * from './short-link.repository';
export * from './short-link.types';
export * from './click.repository';
