import { can, ROLES, type Role } from '@healthaid/domain/access';
import { describe, expect, it } from 'vitest';
import { MENU } from './menu.tsx';
import { filterMenuByRole, matchMenuEntry } from './menu-access.ts';

const labelsFor = (role: Role) => filterMenuByRole(MENU, role).map((entry) => entry.label);

describe('filterMenuByRole', () => {
  // Exact for the two administrative roles; business roles also get the entries of the
  // business modules, whose menu lines are added by those modules.
  it.each<[Role, string[]]>([
    ['sysadmin', ['首页', '医疗机构', '行政区划', '用户管理', '接口令牌']],
    // Auditors read the supervision ledger and the warnings (read-only) besides the audit log.
    ['auditor', ['首页', '医疗机构', '督导检查', '问题清单', '风险预警', '预警规则', '行政区划', '审计日志']],
  ])('shows %s exactly the entries %j', (role, labels) => {
    expect(labelsFor(role)).toEqual(labels);
  });

  it.each<[Role, string[]]>([
    [
      'county',
      [
        '首页',
        '驾驶舱',
        '指标查询',
        '工作总结',
        '今日待随访',
        '随访登记',
        '签约管理',
        '家庭医生团队',
        '慢病指标',
        '行政区划',
      ],
    ],
    [
      'township',
      [
        '首页',
        '驾驶舱',
        '指标查询',
        '工作总结',
        '今日待随访',
        '随访登记',
        '签约管理',
        '家庭医生团队',
        '慢病指标',
        '行政区划',
      ],
    ],
    [
      'village_doctor',
      [
        '首页',
        '驾驶舱',
        '指标查询',
        '工作总结',
        '今日待随访',
        '随访登记',
        '签约管理',
        '家庭医生团队',
        '慢病指标',
        '行政区划',
      ],
    ],
    ['hospital_clerk', ['首页', '就医身份识别', '行政区划']],
    ['viewer', ['首页', '驾驶舱', '指标查询', '工作总结', '慢病指标', '行政区划']],
  ])('shows %s at least the entries %j', (role, labels) => {
    expect(labelsFor(role)).toEqual(expect.arrayContaining(labels));
  });

  it('never shows user administration or the audit log to business roles', () => {
    for (const role of ROLES.filter((r) => r !== 'sysadmin' && r !== 'auditor')) {
      expect(labelsFor(role)).not.toContain('用户管理');
      expect(labelsFor(role)).not.toContain('审计日志');
    }
  });

  it('shows an entry exactly when the role holds its permission', () => {
    for (const role of ROLES) {
      const expected = MENU.filter((entry) => !entry.permission || can(role, entry.permission)).map(
        (entry) => entry.key,
      );
      expect(filterMenuByRole(MENU, role).map((entry) => entry.key)).toEqual(expected);
    }
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
