export * from './cross-row-checks.ts';
export * from './diff-against-registry.ts';
export * from './import-columns.ts';
export * from './match-headers.ts';
export * from './parse-import-values.ts';
export * from './validate-person-row.ts';
