export * from './compare-listed-person.ts';
