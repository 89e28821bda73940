export * from './api';
export * from './errors';
export * from './views';
export * from './validation';
export * from './catalog';
export * from './devices';
export * from './config';
export * from './rating';
