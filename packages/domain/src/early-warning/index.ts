export * from './rule-set.ts';
export * from './rules.ts';
export * from './vocabulary.ts';
export * from './warning-status.ts';
