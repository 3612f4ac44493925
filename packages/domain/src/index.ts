export * from './access/index.ts';
export * from './calendar/index.ts';
export * from './citizen-id/index.ts';
export * from './disease/index.ts';
export * from './follow-up/index.ts';
export * from './money/index.ts';
export * from './region-code/index.ts';
export * from './spreadsheet/index.ts';
