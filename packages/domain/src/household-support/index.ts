export * from './campaign.ts';
export * from './policy-survey.ts';
export * from './vocabulary.ts';
