export * from './settlement-level.ts';
