export * from './protocol-field-limits';
