export * from './china-time.ts';
export * from './iso-date.ts';
export * from './parse-loose-date.ts';
