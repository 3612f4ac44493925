export * from './default-report-template.ts';
export * from './indicator-catalog.ts';
export * from './indicator-value.ts';
export * from './registry-facts.ts';
export * from './report-template.ts';
export * from './statistics-tables.ts';
