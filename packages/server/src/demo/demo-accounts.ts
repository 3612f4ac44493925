import type { Role } from '@healthaid/domain';

/**
 * Demo accounts of the demo county 青龙满族自治县 (130321). Documented in the README. They are created
 * without a forced password change (demo mode only); every other account created by an admin must
 * change its password at first login.
 */
export type DemoAccount = {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  regionCode: string;
  institutionCode?: string;
};

export const DEMO_COUNTY_CODE = '130321';

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'admin',
    password: 'Admin@2026',
    displayName: '系统管理员',
    role: 'sysadmin',
    regionCode: '130321000000',
  },
  {
    username: 'auditor',
    password: 'Audit@2026',
    displayName: '审计员',
    role: 'auditor',
    regionCode: '130321000000',
  },
  {
    username: 'county',
    password: 'County@2026',
    displayName: '县卫健局业务员',
    role: 'county',
    regionCode: '130321000000',
  },
  {
    username: 'township',
    password: 'Town@2026',
    displayName: '青龙镇卫生院',
    role: 'township',
    regionCode: '130321100000',
  },
  {
    username: 'doctor',
    password: 'Doctor@2026',
    displayName: '大杖子村村医',
    role: 'village_doctor',
    regionCode: '130321100201',
  },
  {
    username: 'clerk',
    password: 'Clerk@2026',
    displayName: '县医院结算员',
    role: 'hospital_clerk',
    regionCode: '130321000000',
    institutionCode: 'H130321001',
  },
  {
    username: 'viewer',
    password: 'View@2026',
    displayName: '秦皇岛市卫健委',
    role: 'viewer',
    regionCode: '130300000000',
  },
];
