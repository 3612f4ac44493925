export * from './problem-status.ts';
export * from './rectification.ts';
export * from './rounds.ts';
export * from './vocabulary.ts';
