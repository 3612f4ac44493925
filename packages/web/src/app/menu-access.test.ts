import { ROLES, type Role } from '@healthaid/domain';
import { describe, expect, it } from 'vitest';
import { MENU } from './menu.tsx';
import { filterMenuByRole, matchMenuEntry } from './menu-access.ts';

const labelsFor = (role: Role) => filterMenuByRole(MENU, role).map((entry) => entry.label);

describe('filterMenuByRole', () => {
  it.each<[Role, string[]]>([
    ['sysadmin', ['首页', '行政区划', '用户管理']],
    ['auditor', ['首页', '行政区划', '审计日志']],
    ['county', ['首页', '行政区划']],
    ['village_doctor', ['首页', '行政区划']],
    ['hospital_clerk', ['首页', '行政区划']],
  ])('shows %s the entries %j', (role, labels) => {
    expect(labelsFor(role)).toEqual(labels);
  });

  it('shows the home page to every role', () => {
    for (const role of ROLES) {
      expect(labelsFor(role)).toContain('首页');
    }
  });
});

describe('menu config', () => {
  it('has unique keys and paths', () => {
    expect(new Set(MENU.map((entry) => entry.key)).size).toBe(MENU.length);
    expect(new Set(MENU.map((entry) => entry.path)).size).toBe(MENU.length);
  });
});

describe('matchMenuEntry', () => {
  const entries = [
    { key: 'home', path: '/' },
    { key: 'admin', path: '/admin' },
    { key: 'users', path: '/admin/users' },
  ];

  it.each([
    ['/', 'home'],
    ['/admin', 'admin'],
    ['/admin/users', 'users'],
    ['/admin/users/42', 'users'],
    ['/admin/usersx', 'admin'],
    ['/unknown', undefined],
  ])('selects the entry of %s', (pathname, key) => {
    expect(matchMenuEntry(entries, pathname)?.key).toBe(key);
  });
});
