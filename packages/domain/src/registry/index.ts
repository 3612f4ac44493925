export * from './category-periods.ts';
export * from './vocabulary.ts';
