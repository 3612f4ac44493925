import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Kysely table types. Column names are snake_case as in SQL; services map rows to camelCase objects
 * with `rowToX` functions. Person-level tables (registry, diagnoses, follow-ups, claims...) carry
 * `county_code char(6)` as the first column of their primary key: the Citus distribution key.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export type RegionTable = {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
  parent_code: string | null;
  county_code: string | null;
  source: ColumnType<string, string | undefined, string>;
};

export type AppUserTable = {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_code: string;
  institution_code: string | null;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  created_by: number | null;
};

export type SessionTable = {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  client_ip: string | null;
  user_agent: string | null;
};

export type AuditEventTable = {
  id: Generated<number>;
  occurred_at: Generated<Date>;
  user_id: number | null;
  username: string | null;
  role: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  region_code: string | null;
  client_ip: string | null;
  result: 'success' | 'failure' | 'denied';
  id_unmasked: ColumnType<boolean, boolean | undefined, never>;
  request_id: string | null;
  detail: Json | null;
};

/** Person-level tables: `county_code` leads every primary key (distribution key). */
export type HouseholdTable = {
  county_code: string;
  id: Generated<number>;
  household_no: string;
  village_code: string;
  address: string | null;
  head_name: string | null;
  poverty_attribute: 'general' | 'dibao' | 'tekun' | null;
  main_cause: string | null;
  other_causes: ColumnType<string[], string[] | undefined, string[]>;
  registered_year: number | null;
  exit_status: ColumnType<
    'not_exited' | 'exited',
    'not_exited' | 'exited' | undefined,
    'not_exited' | 'exited'
  >;
  exit_year: number | null;
  monitoring_type: 'unstable' | 'edge' | 'sudden' | null;
  risk_status: 'not_eliminated' | 'eliminated' | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type HouseholdIncomeTable = {
  county_code: string;
  household_id: number;
  year: number;
  per_capita_net_income_fen: number;
};

export type PersonTable = {
  county_code: string;
  id: Generated<number>;
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  /** 'YYYY-MM-DD' (date columns are parsed as strings on both engines). */
  birth_date: string;
  household_id: number | null;
  relation: string | null;
  phone: string | null;
  village_code: string;
  status: ColumnType<'normal' | 'dead' | 'moved_out', 'normal' | 'dead' | 'moved_out' | undefined>;
  status_date: string | null;
  is_insured: ColumnType<boolean, boolean | undefined>;
  has_premium_subsidy: ColumnType<boolean, boolean | undefined>;
  disability_cert: string | null;
  needs_verification: ColumnType<boolean, boolean | undefined>;
  verification_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type PersonIdIndexTable = { id_number: string; county_code: string; person_id: number };

export const PERSON_CATEGORIES = [
  'poor_registered',
  'poverty_exited',
  'dibao',
  'tekun',
  'severe_disability',
  'monitored',
  'dibao_edge',
] as const;
export type PersonCategoryCode = (typeof PERSON_CATEGORIES)[number];

export type PersonCategoryTable = {
  county_code: string;
  id: Generated<number>;
  person_id: number;
  category: PersonCategoryCode;
  valid_from: string;
  valid_to: string | null;
  source: string | null;
  created_at: Generated<Date>;
};

export type ImportBatchTable = {
  county_code: string;
  id: Generated<number>;
  kind: string;
  source_department: string | null;
  file_name: string;
  checksum: string;
  is_full_list: ColumnType<boolean, boolean | undefined>;
  status: 'previewed' | 'committed' | 'failed';
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  user_id: number | null;
  created_at: Generated<Date>;
  committed_at: Timestamp | null;
};

export type ChangeLogTable = {
  county_code: string;
  id: Generated<number>;
  entity_type: string;
  entity_id: number;
  person_id: number | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  reason_type: 'import' | 'verification' | 'manual' | 'system';
  reason_ref: string | null;
  changed_by: number | null;
  changed_at: Generated<Date>;
};

export type DB = {
  household: HouseholdTable;
  household_income: HouseholdIncomeTable;
  person: PersonTable;
  person_id_index: PersonIdIndexTable;
  person_category: PersonCategoryTable;
  import_batch: ImportBatchTable;
  change_log: ChangeLogTable;
  region: RegionTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_event: AuditEventTable;
};

export type AppUserRow = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type RegionRow = Selectable<RegionTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
