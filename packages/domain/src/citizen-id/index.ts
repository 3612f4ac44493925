export * from './citizen-id.ts';
export * from './disability-certificate.ts';
export * from './mask-identity.ts';
