export * from './sanitize-cell.ts';
