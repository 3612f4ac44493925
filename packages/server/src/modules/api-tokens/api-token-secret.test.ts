import { describe, expect, it } from 'vitest';
import { bearerTokenOf, generateApiToken, hashApiToken, isWellFormedApiToken } from './api-token-secret.ts';

describe('API token secrets', () => {
  it('generates well-formed, distinct tokens whose hash is what is stored', () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a.token).not.toBe(b.token);
    expect(isWellFormedApiToken(a.token)).toBe(true);
    expect(a.hash).toBe(hashApiToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.displayPrefix).toBe(a.token.slice(0, 12));
    expect(a.token.startsWith('hat_')).toBe(true);
  });

  it.each([
    ['Bearer hat_abc', 'hat_abc'],
    ['bearer   hat_abc  ', 'hat_abc'],
    ['Basic dXNlcjpwYXNz', null],
    ['Bearer', null],
    ['Bearer a b', null],
    ['hat_abc', null],
  ])('reads the token of %j', (header, expected) => {
    expect(bearerTokenOf(header)).toBe(expected);
  });

  it('refuses malformed tokens', () => {
    expect(isWellFormedApiToken('hat_short')).toBe(false);
    expect(isWellFormedApiToken(`xyz_${'a'.repeat(43)}`)).toBe(false);
    expect(isWellFormedApiToken(`hat_${'a'.repeat(43)}`)).toBe(true);
  });
});
