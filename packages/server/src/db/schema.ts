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
  status: 'processing' | 'previewed' | 'committed' | 'failed';
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  user_id: number | null;
  created_at: Generated<Date>;
  committed_at: Timestamp | null;
  /** Migration 2026_11_23_1010_imports: the importer's region, progress, matched columns, failure. */
  region_code: string | null;
  processed_rows: ColumnType<number, number | undefined, number>;
  total_rows: number | null;
  columns: ColumnType<string[], string[] | undefined, string[]>;
  error_message: string | null;
};

/** A valid row of a previewed batch (loaded with COPY; see modules/imports/import-staging.ts). */
export type ImportStagedRowTable = {
  county_code: string;
  batch_id: number;
  row_number: number;
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  village_code: string;
  household_no: string | null;
  relation: string | null;
  phone: string | null;
  categories: string[] | null;
  category_from: string | null;
  is_insured: boolean | null;
  has_premium_subsidy: boolean | null;
  disability_cert: string | null;
  status: 'normal' | 'dead' | 'moved_out' | null;
  status_date: string | null;
};

/** A household of a previewed batch, its values merged over the batch's rows (null = not in the file). */
export type ImportStagedHouseholdTable = {
  county_code: string;
  batch_id: number;
  household_no: string;
  village_code: string;
  head_name: string | null;
  address: string | null;
  poverty_attribute: string | null;
  main_cause: string | null;
  other_causes: string[] | null;
  registered_year: number | null;
  exit_status: string | null;
  exit_year: number | null;
  monitoring_type: string | null;
  risk_status: string | null;
};

export type ImportRowErrorTable = {
  county_code: string;
  batch_id: number;
  seq: number;
  row_number: number;
  column_name: string;
  message: string;
};

export type PersonSourceTable = {
  county_code: string;
  person_id: number;
  source_department: string;
  first_batch_id: number;
  last_batch_id: number;
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

export type ReportTemplateTable = {
  id: Generated<number>;
  region_code: string;
  name: string;
  body: ColumnType<unknown, string, string>;
  created_by: number | null;
  updated_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type RegistryStatsDirtyTable = { county_code: string; household_key: string };
export type RegistryFactEventTable = {
  county_code: string;
  household_key: string;
  village_code: string;
  metric: string;
  day: string;
  delta: number;
};
export type RegistryCountDeltaTable = {
  county_code: string;
  village_code: string;
  metric: string;
  day: string;
  delta: number;
};

export type DB = {
  screening_target: ScreeningTargetTable;
  screening_record: ScreeningRecordTable;
  support_campaign: SupportCampaignTable;
  support_visit: SupportVisitTable;
  support_kit: SupportKitTable;
  policy_survey: PolicySurveyTable;
  registry_stats_dirty: RegistryStatsDirtyTable;
  registry_fact_event: RegistryFactEventTable;
  registry_count_delta: RegistryCountDeltaTable;
  report_template: ReportTemplateTable;
  household: HouseholdTable;
  household_income: HouseholdIncomeTable;
  person: PersonTable;
  person_id_index: PersonIdIndexTable;
  person_category: PersonCategoryTable;
  import_batch: ImportBatchTable;
  import_staged_row: ImportStagedRowTable;
  import_staged_household: ImportStagedHouseholdTable;
  import_row_error: ImportRowErrorTable;
  person_source: PersonSourceTable;
  change_log: ChangeLogTable;
  verification_task: VerificationTaskTable;
  region: RegionTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_event: AuditEventTable;
  fd_team: FdTeamTable;
  fd_team_village: FdTeamVillageTable;
  fd_package: FdPackageTable;
  fd_package_item: FdPackageItemTable;
  fd_contract: FdContractTable;
  fd_fulfilment: FdFulfilmentTable;
  fu_enrolment: FuEnrolmentTable;
  fu_visit: FuVisitTable;
  fu_call: FuCallTable;
  health_checkup: HealthCheckupTable;
  diagnosis_task: DiagnosisTaskTable;
  diagnosis: DiagnosisTable;
  treatment_case: TreatmentCaseTable;
  treatment_case_event: TreatmentCaseEventTable;
  policy_set: PolicySetTable;
  settlement: SettlementTable;
  settlement_accumulator: SettlementAccumulatorTable;
  settlement_outsider: SettlementOutsiderTable;
  settlement_outsider_accumulator: SettlementOutsiderAccumulatorTable;
  settlement_run: SettlementRunTable;
  settlement_reversal: SettlementReversalTable;
  settlement_idempotency_key: SettlementIdempotencyKeyTable;
  settlement_import: SettlementImportTable;
  medical_institution: MedicalInstitutionTable;
  api_token: ApiTokenTable;
  disease_catalog: DiseaseCatalogTable;
  reclassification_run: ReclassificationRunTable;
  classification_change: ClassificationChangeTable;
  referral: ReferralTable;
  referral_event: ReferralEventTable;
  diagnosis_import_batch: DiagnosisImportBatchTable;
  sv_round: SvRoundTable;
  sv_problem: SvProblemTable;
  sv_problem_event: SvProblemEventTable;
  ew_rule_set: EwRuleSetTable;
  ew_run: EwRunTable;
  ew_warning: EwWarningTable;
  ew_warning_event: EwWarningEventTable;
  ew_measure: EwMeasureTable;
  registry_comparison: RegistryComparisonTable;
  registry_comparison_staged_row: RegistryComparisonStagedRowTable;
  registry_comparison_row: RegistryComparisonRowTable;
};

export type AppUserRow = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type RegionRow = Selectable<RegionTable>;
export type AuditEventRow = Selectable<AuditEventTable>;

/* Chronic-disease management (migration 2026_11_23_1030_chronic). Dates are 'YYYY-MM-DD' strings. */
export type FdTeamTable = {
  county_code: string;
  id: Generated<number>;
  name: string;
  institution_name: string | null;
  members: ColumnType<unknown, string | undefined, string>;
  status: ColumnType<'active' | 'inactive', 'active' | 'inactive' | undefined, 'active' | 'inactive'>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type FdTeamVillageTable = { county_code: string; team_id: number; village_code: string };
export type FdPackageTable = {
  county_code: string;
  id: Generated<number>;
  name: string;
  kind: 'basic' | 'personalised';
  description: string | null;
  status: ColumnType<'active' | 'inactive', 'active' | 'inactive' | undefined, 'active' | 'inactive'>;
  created_at: Generated<Date>;
};
export type FdPackageItemTable = {
  county_code: string;
  id: Generated<number>;
  package_id: number;
  name: string;
  service_code: string;
  count_per_year: number;
  price_fen: number;
  subsidy_fen: number;
  payer: 'public_health' | 'insurance' | 'resident' | 'finance';
};
export type FdContractTable = {
  county_code: string;
  id: Generated<number>;
  contract_no: string;
  person_id: number;
  household_id: number | null;
  village_code: string;
  team_id: number;
  package_ids: number[];
  start_date: string;
  end_date: string;
  status: 'pending' | 'signed' | 'renewed' | 'cancelled';
  cancel_reason: 'moved' | 'unreachable_year' | 'refused_year' | 'voluntary' | 'death' | null;
  cancel_date: string | null;
  cancel_note: string | null;
  renewed_from_id: number | null;
  doctor_name: string | null;
  signed_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type FdFulfilmentTable = {
  county_code: string;
  id: Generated<number>;
  contract_id: number;
  item_id: number;
  person_id: number;
  village_code: string;
  service_date: string;
  performed_by: string;
  performed_by_user_id: number | null;
  visit_id: number | null;
  checkup_id: number | null;
  note: string | null;
  created_at: Generated<Date>;
};
export type FuEnrolmentTable = {
  county_code: string;
  id: Generated<number>;
  person_id: number;
  village_code: string;
  disease: 'hypertension' | 'diabetes' | 'mental' | 'tuberculosis' | 'chronic';
  managed_from: string;
  managed_until: string | null;
  end_reason: 'death' | 'moved' | 'lost' | 'refused' | null;
  has_stroke_or_mi: ColumnType<boolean, boolean | undefined, boolean>;
  notified_on: string | null;
  next_due_date: string;
  hidden_until: string | null;
  unreachable_attempts: ColumnType<number, number | undefined, number>;
  last_call_outcome: string | null;
  last_called_on: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /* Follow-up summary (migration 2026_12_06_1240_follow_up_summary). */
  last_visit_date: ColumnType<string | null, string | null | undefined, string | null>;
  last_systolic: ColumnType<number | null, number | null | undefined, number | null>;
  last_diastolic: ColumnType<number | null, number | null | undefined, number | null>;
  last_glucose_tenths: ColumnType<number | null, number | null | undefined, number | null>;
  is_high_risk: ColumnType<boolean, boolean | undefined, boolean>;
  risk_reasons: ColumnType<string[], string[] | undefined, string[]>;
  summary_version: ColumnType<number, number | undefined, number>;
  summary_of_version: ColumnType<number, number | undefined, number>;
};
export type FuVisitTable = {
  county_code: string;
  id: Generated<number>;
  enrolment_id: number;
  person_id: number;
  village_code: string;
  disease: 'hypertension' | 'diabetes' | 'mental' | 'tuberculosis' | 'chronic';
  visit_date: string;
  method: 'clinic' | 'home' | 'phone';
  form: ColumnType<unknown, string, string>;
  systolic: number | null;
  diastolic: number | null;
  fasting_glucose_tenths: number | null;
  danger_grade: number | null;
  classification: string;
  is_red_alert: boolean;
  referral_triggers: ColumnType<unknown, string | undefined, string>;
  should_refer: boolean;
  next_due_date: string | null;
  next_reason: string | null;
  outcome: 'continue' | 'temporarily_lost' | 'ended';
  is_first_visit_late: boolean | null;
  doctor_name: string;
  recorded_by: number | null;
  created_at: Generated<Date>;
};
export type FuCallTable = {
  county_code: string;
  id: Generated<number>;
  enrolment_id: number;
  person_id: number;
  village_code: string;
  outcome: 'agreed_to_visit' | 'remind_later' | 'unreachable' | 'moved' | 'dead';
  called_on: string;
  note: string | null;
  recorded_by: number | null;
  created_at: Generated<Date>;
};
export type HealthCheckupTable = {
  county_code: string;
  id: Generated<number>;
  person_id: number;
  village_code: string;
  check_date: string;
  results: ColumnType<unknown, string, string>;
  abnormal_flags: ColumnType<unknown, string | undefined, string>;
  conclusion: string | null;
  doctor_name: string;
  recorded_by: number | null;
  created_at: Generated<Date>;
};
export type DiagnosisTaskTable = {
  county_code: string;
  id: Generated<number>;
  person_id: number;
  village_code: string;
  checkup_id: number | null;
  suspected_disease: string;
  reason: string;
  status: ColumnType<'open' | 'confirmed' | 'excluded', 'open' | 'confirmed' | 'excluded' | undefined>;
  created_by: number | null;
  created_at: Generated<Date>;
  /* Link to the diseases module's pending diagnosis (migration 2026_12_06_1241_checkup_diagnosis_link). */
  diagnosis_id: ColumnType<number | null, number | null | undefined, number | null>;
  icd_code: ColumnType<string | null, string | null | undefined, string | null>;
};

/* Door-to-door verification (migration 2026_11_23_1020_registry_verification). */
export type VerificationTaskTable = {
  county_code: string;
  id: Generated<number>;
  person_id: number;
  village_code: string;
  assigned_region_code: string;
  assigned_user_id: number | null;
  source: 'flag' | 'manual' | 'comparison';
  reason: string;
  source_ref: string | null;
  status: ColumnType<
    'open' | 'completed' | 'cancelled',
    'open' | 'completed' | 'cancelled' | undefined,
    'open' | 'completed' | 'cancelled'
  >;
  outcome: 'confirmed' | 'corrected' | 'dead' | 'moved_out' | 'not_found' | null;
  corrections: ColumnType<unknown, string | null | undefined, string | null>;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  completed_by: number | null;
  completed_at: Timestamp | null;
};

/* Diagnoses and the treatment ledger (migration 2026_11_23_1060_diseases). Dates are 'YYYY-MM-DD' strings. */
export type DiagnosisTable = {
  county_code: string;
  id: Generated<number>;
  person_id: number;
  icd_code: string | null;
  name: string;
  is_uncoded: boolean;
  institution: string | null;
  diagnosed_on: string;
  source: string;
  registered_on: string;
  verification_status: ColumnType<string, string | undefined, string>;
  status_date: string;
  status_by: string;
  verified_by: number | null;
  verified_at: Timestamp | null;
  reason: string | null;
  disease_line: string | null;
  person_disease_key: string | null;
  item_code: string | null;
  item_name: string | null;
  classification_reason: string | null;
  /** The diagnosis import batch that created the row (migration 1232), null when entered by hand. */
  import_batch_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type TreatmentCaseTable = {
  county_code: string;
  id: Generated<number>;
  person_id: number;
  person_disease_key: string;
  item_code: string | null;
  item_name: string | null;
  first_diagnosis_id: number | null;
  opened_on: string;
  status: string;
  status_date: string;
  reason: string | null;
  outcome: string | null;
  details: ColumnType<unknown, string | undefined, string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type TreatmentCaseEventTable = {
  county_code: string;
  id: Generated<number>;
  case_id: number;
  status: string;
  event_date: string;
  reason: string | null;
  outcome: string | null;
  details: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Generated<Date>;
};

/** Versioned settlement policy sets (政策); a published row is immutable. */
export type PolicySetTable = {
  id: Generated<number>;
  code: string;
  name: string;
  region_code: string;
  version: number;
  effective_from: string;
  effective_to: string | null;
  status: ColumnType<'draft' | 'published', 'draft' | 'published' | undefined, 'draft' | 'published'>;
  body: ColumnType<unknown, string, string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_by: number | null;
  published_at: Timestamp | null;
};
/** One-stop settlements (一站式结算); money in fen. */
export type SettlementTable = {
  county_code: string;
  id: Generated<number>;
  /** Registry person, or null for an outsider (migration 1250). */
  person_id: number | null;
  outsider_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Scope region of an outsider's settlement (the institution's region). */
  region_code: ColumnType<string | null, string | null | undefined, string | null>;
  revision: ColumnType<number, number | undefined, number>;
  /** Id of the claim's first revision (null on the first revision itself). */
  claim_seq: ColumnType<number | null, number | null | undefined, number | null>;
  replaced_by_id: ColumnType<number | null, number | null | undefined, number | null>;
  run_id: ColumnType<number | null, number | null | undefined, number | null>;
  source: ColumnType<string, string | undefined, string>;
  institution_code: string;
  claim_no: string;
  request_hash: string;
  policy_set_id: number;
  visit_type: string;
  institution_level: string;
  admission_date: string;
  discharge_date: string;
  year: number;
  categories: ColumnType<unknown, string, string>;
  claim: ColumnType<unknown, string, string>;
  result: ColumnType<unknown, string, string>;
  accumulators_before: ColumnType<unknown, string, string>;
  total_fen: number;
  basic_fen: number;
  critical_fen: number;
  assistance_fen: number;
  other_fen: number;
  self_pay_fen: number;
  borne_fen: number;
  in_scope_fen: number;
  in_scope_self_pay_fen: number;
  deposit_waived_fen: number;
  is_treat_first_pay_later: boolean;
  status: ColumnType<'settled' | 'reversed', 'settled' | 'reversed' | undefined, 'settled' | 'reversed'>;
  reversed_reason: string | null;
  reversed_by: number | null;
  reversed_at: Timestamp | null;
  created_by: number | null;
  created_at: Generated<Date>;
};
/** Year-to-date settlement totals of one person (TSettlementAccumulators as JSON). */
export type SettlementAccumulatorTable = {
  county_code: string;
  person_id: number;
  year: number;
  body: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
};

/** Medical institutions (migration 2026_12_05_1100_institutions): a reference table keyed by code. */
export type MedicalInstitutionTable = {
  code: string;
  name: string;
  /** Domain InstitutionLevel. */
  level: string;
  kind: string | null;
  region_code: string;
  /** The county the institution lies in (a reference table, not person-level: see schema-conventions). */
  county_code: string;
  address: string | null;
  phone: string | null;
  /** Disease-catalogue item codes (JSON array of strings). */
  designated_disease_codes: ColumnType<string[], string | undefined, string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  area_m2: number | null;
  has_four_rooms: boolean | null;
  doctors_in_post: number | null;
  equipment: ColumnType<string[], string | undefined, string>;
  checked_on: string | null;
  checked_by: string | null;
  is_standard: boolean | null;
  standardisation_failures: ColumnType<string[], string | undefined, string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

/** County-edited disease catalogue versions (migration 1230); published rows are immutable (trigger). */
export type DiseaseCatalogTable = {
  code: string;
  name: string;
  kind: string;
  version: string;
  effective_from: string;
  effective_to: string | null;
  extends: string | null;
  region_code: string;
  based_on: string | null;
  status: 'draft' | 'published';
  published_on: string | null;
  published_by: string | null;
  /** Domain TCatalogItem[] as JSON. */
  items: ColumnType<unknown, string, string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type ReclassificationRunTable = {
  county_code: string;
  id: Generated<number>;
  catalog_code: string;
  region_code: string;
  persons: number;
  diagnoses: number;
  moves: number;
  changes: number;
  applied_by: number | null;
  applied_by_name: string | null;
  applied_at: Generated<Date>;
};

export type ClassificationChangeTable = {
  county_code: string;
  id: Generated<number>;
  run_id: number;
  person_id: number;
  diagnosis_id: number;
  from_line: string | null;
  to_line: string | null;
  from_item_name: string | null;
  to_item_name: string | null;
  reason: string | null;
};

/** Referrals between institutions (migration 1231). */
export type ReferralTable = {
  county_code: string;
  id: Generated<number>;
  person_id: number;
  from_institution: string;
  to_institution: string;
  direction: string;
  reason: string;
  diagnosis_id: number | null;
  referred_on: string;
  status: string;
  status_date: string;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type ReferralEventTable = {
  county_code: string;
  id: Generated<number>;
  referral_id: number;
  status: string;
  event_date: string;
  note: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Generated<Date>;
};

/** Diagnosis spreadsheet imports (migration 1232). */
export type DiagnosisImportBatchTable = {
  county_code: string;
  id: Generated<number>;
  region_code: string;
  file_name: string;
  checksum: string;
  status: 'previewed' | 'committed';
  total_rows: number;
  valid_rows: number;
  duplicate_rows: number;
  error_count: number;
  staged: ColumnType<unknown, string | undefined, string>;
  errors: ColumnType<unknown, string | undefined, string>;
  inserted_rows: number | null;
  user_id: number | null;
  created_at: Generated<Date>;
  committed_at: Timestamp | null;
};

/** Insured persons settled without a registry record (普通参保人员, migration 1250). */
export type SettlementOutsiderTable = {
  county_code: string;
  id: Generated<number>;
  id_number: string;
  name: string | null;
  birth_date: string | null;
  sex: string | null;
  created_at: Generated<Date>;
};
/** Year-to-date settlement totals of an outsider (TSettlementAccumulators as JSON). */
export type SettlementOutsiderAccumulatorTable = {
  county_code: string;
  outsider_id: number;
  year: number;
  body: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
};
/** Re-settlement runs (claim or policy correction, back-dated claim, reversal). */
export type SettlementRunTable = {
  id: Generated<number>;
  kind: 'claim_correction' | 'policy_correction' | 'backdated_claim' | 'reversal';
  reason: string;
  region_code: string;
  policy_set_id: number | null;
  person_years: ColumnType<number, number | undefined, number>;
  claims: ColumnType<number, number | undefined, number>;
  reversals: ColumnType<number, number | undefined, number>;
  new_settlements: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
  /** Migration 1290: the resumable run record of policy corrections. */
  status: ColumnType<
    'running' | 'finished' | 'failed',
    'running' | 'finished' | 'failed' | undefined,
    'running' | 'finished' | 'failed'
  >;
  person_years_total: ColumnType<number, number | undefined, number>;
  batches: ColumnType<number, number | undefined, number>;
  error: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};
/** Reversal entries (冲销分录): the reversed settlement's amounts, negated. */
export type SettlementReversalTable = {
  county_code: string;
  id: Generated<number>;
  settlement_id: number;
  run_id: number | null;
  reason: string;
  total_fen: number;
  basic_fen: number;
  critical_fen: number;
  assistance_fen: number;
  other_fen: number;
  self_pay_fen: number;
  borne_fen: number;
  in_scope_fen: number;
  in_scope_self_pay_fen: number;
  deposit_waived_fen: number;
  body: ColumnType<unknown, string, string>;
  created_by: number | null;
  created_at: Generated<Date>;
};
/** Idempotency-Key header values of POST /settlements, per institution. */
export type SettlementIdempotencyKeyTable = {
  county_code: string;
  institution_code: string;
  idempotency_key: string;
  request_hash: string;
  settlement_id: number;
  created_at: Generated<Date>;
};
/** Committed claim import files (HIS / insurance exports), idempotent per institution and checksum. */
export type SettlementImportTable = {
  county_code: string;
  id: Generated<number>;
  institution_code: string;
  file_name: string;
  checksum: string;
  row_count: number;
  settled_count: number;
  unchanged_count: number;
  total_fen: number;
  patient_pays_fen: number;
  settlement_ids: ColumnType<unknown, string, string>;
  created_by: number | null;
  created_at: Generated<Date>;
};

/** API tokens of medical institutions (migration 2026_12_06_1210_api_tokens); only the SHA-256 is stored. */
export type ApiTokenTable = {
  id: Generated<number>;
  name: string;
  institution_code: string;
  region_code: string;
  permissions: string[];
  token_hash: string;
  token_prefix: string;
  expires_at: Timestamp;
  created_by: number;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  last_used_ip: string | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  revoke_reason: string | null;
};

/* Supervision and the problem ledger (migration 2026_12_06_1270_supervision). Dates are 'YYYY-MM-DD'. */
export type SvRoundTable = {
  county_code: string;
  id: Generated<number>;
  kind: 'quarterly' | 'special';
  year: number;
  quarter: number | null;
  name: string;
  start_date: string;
  end_date: string;
  region_codes: string[];
  inspectors: string[];
  leader: string | null;
  summary: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type SvProblemTable = {
  county_code: string;
  id: Generated<number>;
  problem_no: string;
  round_id: number | null;
  source: string;
  region_code: string;
  household_id: number | null;
  person_id: number | null;
  category: string;
  description: string;
  severity: string;
  responsible_unit: string;
  responsible_person: string | null;
  found_on: string;
  deadline: string;
  status: ColumnType<string, string | undefined, string>;
  status_date: string;
  closed_on: string | null;
  rectification: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type SvProblemEventTable = {
  county_code: string;
  id: Generated<number>;
  problem_id: number;
  kind: 'created' | 'status' | 'evidence' | 'edited';
  from_status: string | null;
  to_status: string | null;
  event_date: string;
  note: string | null;
  by_user: number | null;
  by_name: string;
  created_at: Generated<Date>;
};

/* Early warning of illness-caused relapse (migration 2026_12_06_1271_early_warning). */
export type EwRuleSetTable = {
  id: Generated<number>;
  region_code: string;
  version: number;
  name: string;
  effective_from: string;
  body: ColumnType<unknown, string, string>;
  note: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Generated<Date>;
};
export type EwRunTable = {
  id: Generated<number>;
  region_code: string;
  as_of: string;
  trigger: 'manual' | 'schedule';
  status: 'running' | 'succeeded' | 'failed';
  total_steps: ColumnType<number, number | undefined, number>;
  done_steps: ColumnType<number, number | undefined, number>;
  counts: ColumnType<unknown, string | undefined, string>;
  skipped: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  started_by: number | null;
  started_by_name: string | null;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
};
export type EwWarningTable = {
  county_code: string;
  id: Generated<number>;
  rule_code: string;
  dedupe_key: string;
  subject_type: 'person' | 'household';
  person_id: number | null;
  household_id: number | null;
  village_code: string;
  period_key: string;
  raised_on: string;
  last_seen_on: string;
  rule_set_id: number | null;
  run_id: number | null;
  facts: ColumnType<unknown, string, string>;
  message: string;
  status: ColumnType<string, string | undefined, string>;
  status_date: string;
  disposed_on: string | null;
  reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type EwWarningEventTable = {
  county_code: string;
  id: Generated<number>;
  warning_id: number;
  kind: 'raised' | 'status' | 'refreshed';
  from_status: string | null;
  to_status: string | null;
  event_date: string;
  note: string | null;
  by_user: number | null;
  by_name: string;
  created_at: Generated<Date>;
};
export type EwMeasureTable = {
  county_code: string;
  id: Generated<number>;
  household_id: number | null;
  person_id: number | null;
  village_code: string;
  warning_id: number | null;
  measure: string;
  measure_date: string;
  amount_fen: number | null;
  note: string | null;
  by_user: number | null;
  by_name: string;
  created_at: Generated<Date>;
};

/* 两筛两癌 (migration 2026_12_06_1260_screenings). Dates are 'YYYY-MM-DD' strings. */
export type ScreeningTargetTable = {
  county_code: string;
  id: Generated<number>;
  programme: string;
  year: number;
  township_code: string;
  basis: string;
  target_count: number;
  note: string | null;
  updated_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type ScreeningRecordTable = {
  county_code: string;
  id: Generated<number>;
  programme: string;
  method: string;
  person_id: number | null;
  subject_key: string;
  id_number: string | null;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  birth_time: string | null;
  mother_name: string | null;
  mother_id_number: string | null;
  village_code: string;
  priority_group: string | null;
  screened_on: string;
  screened_time: string | null;
  screening_year: number;
  gestational_days: number | null;
  hours_of_life: number | null;
  age_years: number | null;
  result: string;
  result_detail: string | null;
  institution: string | null;
  is_counted: boolean;
  is_voided: ColumnType<boolean, boolean | undefined, boolean>;
  void_reason: string | null;
  voided_at: Timestamp | null;
  referral_status: string;
  referral_institution: string | null;
  referred_on: string | null;
  referral_diagnosis: string | null;
  referral_closed_on: string | null;
  referral_note: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

/* 入户帮扶 (migration 2026_12_06_1261_household_support). */
export type SupportCampaignTable = {
  county_code: string;
  id: Generated<number>;
  name: string;
  region_code: string;
  start_on: string;
  end_on: string;
  description: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type SupportVisitTable = {
  county_code: string;
  id: Generated<number>;
  campaign_id: number;
  household_id: number;
  visited_on: string;
  visitor_name: string;
  visitor_role: string;
  contact: string;
  respondent_person_id: number | null;
  findings: string | null;
  needs: ColumnType<string[], string[] | undefined, string[]>;
  actions: string | null;
  is_voided: ColumnType<boolean, boolean | undefined, boolean>;
  void_reason: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Generated<Date>;
};
export type SupportKitTable = {
  county_code: string;
  id: Generated<number>;
  household_id: number;
  visit_id: number | null;
  kind: string;
  kit_count: number;
  value_fen: number;
  contents: ColumnType<string[], string[], string[]>;
  distributed_on: string;
  recipient_name: string;
  distributed_by: string | null;
  note: string | null;
  is_voided: ColumnType<boolean, boolean | undefined, boolean>;
  void_reason: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Generated<Date>;
};
export type PolicySurveyTable = {
  county_code: string;
  id: Generated<number>;
  visit_id: number;
  household_id: number;
  surveyed_on: string;
  respondent_person_id: number | null;
  respondent_name: string;
  questionnaire_code: string;
  questionnaire_version: string;
  answers: ColumnType<unknown, string, string>;
  asked: number;
  correct: number;
  is_aware: boolean;
  created_by: number | null;
  created_at: Generated<Date>;
};
// Registry comparison, 数据对比 (migration 2026_12_06_1300, modules/comparisons).
export type RegistryComparisonTable = {
  county_code: string;
  id: Generated<number>;
  region_code: string;
  source_department: string;
  source_label: string;
  coverage: 'villages' | 'scope';
  file_name: string;
  checksum: string;
  status: ColumnType<
    'processing' | 'completed' | 'failed',
    'processing' | 'completed' | 'failed' | undefined,
    'processing' | 'completed' | 'failed'
  >;
  processed_rows: ColumnType<number, number | undefined, number>;
  total_rows: number | null;
  columns: ColumnType<string[], string[] | undefined, string[]>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  errors: ColumnType<{ rowNumber: number; column: string; message: string }[], string | undefined, string>;
  error_message: string | null;
  as_of: string;
  created_by: number | null;
  created_at: Generated<Date>;
  completed_at: Timestamp | null;
  /** The run this one repeats (重新对比); null for an uploaded file. */
  rerun_of: ColumnType<number | null, number | null | undefined, number | null>;
};
/** A valid row of a file being compared (COPY; the columns of import_staged_row with run_id). */
export type RegistryComparisonStagedRowTable = Omit<ImportStagedRowTable, 'batch_id'> & { run_id: number };
export type RegistryComparisonRowTable = {
  county_code: string;
  run_id: number;
  id: Generated<number>;
  kind: 'only_in_list' | 'only_in_registry' | 'different';
  row_number: number | null;
  id_number: string;
  name: string;
  village_code: string;
  person_id: number | null;
  fields: ColumnType<string[], string[] | undefined, string[]>;
  differences: ColumnType<
    { field: string; listValue: string | null; registryValue: string | null }[],
    string | undefined,
    string
  >;
  detail: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  note: string | null;
  verification_task_id: number | null;
};
