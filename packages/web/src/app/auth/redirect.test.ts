import { describe, expect, it } from 'vitest';
import { buildLoginPath, toSafeRedirect } from './redirect.ts';

describe('toSafeRedirect', () => {
  it.each([
    [null, '/'],
    ['', '/'],
    ['/admin/users?page=2', '/admin/users?page=2'],
    ['/audit?region=130321000000', '/audit?region=130321000000'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/login?redirect=/audit', '/'],
    ['/change-password', '/'],
  ])('maps %s to %s', (raw, expected) => {
    expect(toSafeRedirect(raw)).toBe(expected);
  });
});

describe('buildLoginPath', () => {
  it.each([
    ['/', undefined, '/login'],
    ['/', 'expired' as const, '/login?reason=expired'],
    ['/audit?page=2', 'expired' as const, '/login?redirect=%2Faudit%3Fpage%3D2&reason=expired'],
    ['/login', undefined, '/login'],
  ])('from %s (%s) is %s', (returnTo, reason, expected) => {
    expect(buildLoginPath(returnTo, reason)).toBe(expected);
  });

  it('round-trips the return path through the query string', () => {
    const path = buildLoginPath('/regions?region=130321100000', 'expired');
    const search = new URLSearchParams(path.split('?')[1]);
    expect(toSafeRedirect(search.get('redirect'))).toBe('/regions?region=130321100000');
  });
});
