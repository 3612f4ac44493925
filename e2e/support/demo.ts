/** Demo accounts and regions loaded by DEMO=true (packages/server/src/demo/demo-accounts.ts). */
export const DEMO = {
  admin: { username: 'admin', password: 'Admin@2026', displayName: '系统管理员' },
  auditor: { username: 'auditor', password: 'Audit@2026', displayName: '审计员' },
  county: { username: 'county', password: 'County@2026', displayName: '县卫健局业务员' },
  township: { username: 'township', password: 'Town@2026', displayName: '青龙镇卫生院' },
} as const;

export const REGIONS = {
  county: { code: '130321000000', name: '青龙满族自治县' },
  /** The demo township account's township. */
  qinglongTown: { code: '130321100000', name: '青龙镇' },
  zushanTown: { code: '130321101000', name: '祖山镇' },
  /** A neighbouring county of the same city, outside every demo county account's scope. */
  otherCounty: { code: '130322000000', name: '昌黎县' },
} as const;
