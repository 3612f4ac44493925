export * from './completion.ts';
export * from './eligibility.ts';
export * from './referral.ts';
export * from './screening-record.ts';
export * from './vocabulary.ts';
