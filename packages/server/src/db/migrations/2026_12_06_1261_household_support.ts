import { type Kysely, sql } from 'kysely';

/**
 * 入户帮扶: 健康扶贫大走访 campaigns and their household visits, 爱心保健箱 distributions, and the policy
 * awareness survey taken at a visit. Person-level tables lead their keys with county_code. Visits, kits and
 * surveys belong to a registry household; the data scope and the regional figures use the household's
 * village. Nothing is deleted: a wrong visit or kit record is voided with a reason (a voided visit's survey
 * no longer counts).
 */
const UP = [
  `CREATE TABLE support_campaign (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     name text NOT NULL,
     region_code char(12) NOT NULL REFERENCES region(code),
     start_on date NOT NULL,
     end_on date NOT NULL,
     description text,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     CHECK (end_on >= start_on)
   )`,
  'CREATE INDEX support_campaign_region_idx ON support_campaign (region_code, start_on)',
  `CREATE TABLE support_visit (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     campaign_id bigint NOT NULL,
     household_id bigint NOT NULL,
     visited_on date NOT NULL,
     visitor_name text NOT NULL,
     visitor_role text NOT NULL CHECK (visitor_role IN
       ('health_centre_head','health_centre_doctor','village_doctor','family_doctor_team','cadre','other')),
     contact text NOT NULL CHECK (contact IN ('met','not_home')),
     respondent_person_id bigint,
     findings text,
     needs text[] NOT NULL DEFAULT '{}',
     actions text,
     is_voided boolean NOT NULL DEFAULT false,
     void_reason text,
     created_by bigint REFERENCES app_user(id),
     created_by_name text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, campaign_id) REFERENCES support_campaign (county_code, id),
     FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id),
     FOREIGN KEY (county_code, respondent_person_id) REFERENCES person (county_code, id)
   )`,
  'CREATE INDEX support_visit_campaign_idx ON support_visit (county_code, campaign_id, household_id)',
  'CREATE INDEX support_visit_household_idx ON support_visit (county_code, household_id, visited_on)',
  `CREATE INDEX support_visit_met_idx ON support_visit (county_code, visited_on, household_id)
     WHERE contact = 'met' AND NOT is_voided`,
  `CREATE TABLE support_kit (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     household_id bigint NOT NULL,
     visit_id bigint,
     kind text NOT NULL CHECK (kind IN ('new','refill')),
     kit_count integer NOT NULL CHECK (kit_count BETWEEN 1 AND 5),
     value_fen bigint NOT NULL CHECK (value_fen >= 0),
     contents text[] NOT NULL,
     distributed_on date NOT NULL,
     recipient_name text NOT NULL,
     distributed_by text,
     note text,
     is_voided boolean NOT NULL DEFAULT false,
     void_reason text,
     created_by bigint REFERENCES app_user(id),
     created_by_name text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id),
     FOREIGN KEY (county_code, visit_id) REFERENCES support_visit (county_code, id)
   )`,
  'CREATE INDEX support_kit_date_idx ON support_kit (county_code, distributed_on)',
  'CREATE INDEX support_kit_household_idx ON support_kit (county_code, household_id)',
  `CREATE TABLE policy_survey (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     visit_id bigint NOT NULL,
     household_id bigint NOT NULL,
     surveyed_on date NOT NULL,
     respondent_person_id bigint,
     respondent_name text NOT NULL,
     questionnaire_code text NOT NULL,
     questionnaire_version text NOT NULL,
     answers jsonb NOT NULL,
     asked integer NOT NULL CHECK (asked > 0),
     correct integer NOT NULL CHECK (correct >= 0 AND correct <= asked),
     is_aware boolean NOT NULL,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, visit_id),
     FOREIGN KEY (county_code, visit_id) REFERENCES support_visit (county_code, id),
     FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id),
     FOREIGN KEY (county_code, respondent_person_id) REFERENCES person (county_code, id)
   )`,
  'CREATE INDEX policy_survey_date_idx ON policy_survey (county_code, surveyed_on)',
  'CREATE INDEX policy_survey_household_idx ON policy_survey (county_code, household_id, surveyed_on)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['policy_survey', 'support_kit', 'support_visit', 'support_campaign']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
