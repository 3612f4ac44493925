/**
 * Roles and what each may do. Pure data shared by the server (enforcement) and the web
 * (which menu items to show). The server is the only place that enforces; the web only hides.
 */
export const ROLES = [
  'sysadmin',
  'auditor',
  'county',
  'township',
  'village_doctor',
  'hospital_clerk',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  sysadmin: '系统管理员',
  auditor: '审计员',
  county: '县级业务人员',
  township: '乡镇人员',
  village_doctor: '村医',
  hospital_clerk: '医院结算员',
  viewer: '市/省查看',
};

export const PERMISSIONS = [
  /** Manage user accounts and configuration (never personal data). */
  'users.manage',
  /** Read the audit log. */
  'audit.read',
  /** Browse the region tree. */
  'regions.read',
  /** Load additional village region data. */
  'regions.manage',
  /** Read aggregate figures (dashboards, indicators without member lists). */
  'aggregates.read',
  /** Read personal rows (persons, diagnoses, follow-ups...) within the caller's scope. */
  'persons.read',
  /** Create and change personal records within the caller's scope. */
  'persons.write',
  /** Import spreadsheets into the registry. */
  'registry.import',
  /** Hospital identity check and settlement window. */
  'identity.check',
  'settlements.write',
  /** Policy sets, catalogues and other county-level business configuration. */
  'policies.manage',
  /** Complete door-to-door verification tasks and follow-ups. */
  'followups.write',
  /** Register 两筛两癌 screenings and the referral of abnormal results. */
  'screenings.write',
  /** Set the yearly screening targets (任务数/活产数) of townships. */
  'screenings.targets',
  /** Record 大走访 household visits, health-kit distributions and policy-awareness surveys. */
  'support.write',
  /** Plan 大走访 campaigns for the caller's region. */
  'support.campaigns',
  /** Issue and revoke API tokens of medical institutions (hospital information systems). */
  'api_tokens.manage',
  /** Read supervision rounds and the problem ledger (问题清单) within the caller's scope. */
  'supervision.read',
  /** Rectify problems: start, submit for acceptance, add evidence (整改责任单位). */
  'supervision.rectify',
  /** Plan supervision rounds, record problems, accept or return rectifications (督导检查单位). */
  'supervision.manage',
  /** Read relapse-risk warnings (返贫致贫风险预警) within the caller's scope. */
  'warnings.read',
  /** Handle warnings, record assistance measures and run the warning rules for the caller's region. */
  'warnings.handle',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  sysadmin: ['users.manage', 'regions.read', 'regions.manage', 'api_tokens.manage'],
  auditor: ['audit.read', 'regions.read', 'supervision.read', 'warnings.read'],
  county: [
    'regions.read',
    'aggregates.read',
    'persons.read',
    'persons.write',
    'registry.import',
    'identity.check',
    'policies.manage',
    'followups.write',
    'screenings.write',
    'screenings.targets',
    'support.write',
    'support.campaigns',
    'api_tokens.manage',
    'supervision.read',
    'supervision.rectify',
    'supervision.manage',
    'warnings.read',
    'warnings.handle',
  ],
  township: [
    'regions.read',
    'aggregates.read',
    'persons.read',
    'persons.write',
    'registry.import',
    'followups.write',
    'screenings.write',
    'support.write',
    'support.campaigns',
    'supervision.read',
    'supervision.rectify',
    'warnings.read',
    'warnings.handle',
  ],
  village_doctor: ['regions.read', 'aggregates.read', 'persons.read', 'followups.write', 'support.write'],
  hospital_clerk: ['regions.read', 'identity.check', 'settlements.write'],
  viewer: ['regions.read', 'aggregates.read', 'supervision.read', 'warnings.read'],
};

/**
 * What an API token of a medical institution (a hospital information system calling the API without a
 * user session) may be granted. A token acts like a hospital clerk of its institution, limited to these
 * permissions and to routes that explicitly accept tokens; the settlement window joins when its API does.
 */
export const API_TOKEN_PERMISSIONS = ['identity.check'] as const satisfies readonly Permission[];
export type ApiTokenPermission = (typeof API_TOKEN_PERMISSIONS)[number];

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles bound to one medical institution. */
export function requiresInstitution(role: Role): boolean {
  return role === 'hospital_clerk';
}
