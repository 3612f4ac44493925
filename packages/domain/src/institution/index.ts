export * from './institution.schema.ts';
export * from './referral.ts';
export * from './settlement-level.ts';
