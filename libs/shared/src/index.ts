export * from './domain-error';
export * from './clock';
export * from './ids';
export * from './money';
export * from './pagination';
export * from './canonical-json';
