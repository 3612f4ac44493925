export * from './region-code.ts';
