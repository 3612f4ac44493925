import { type Kysely, sql } from 'kysely';

/**
 * Medical institutions (医疗机构): village clinics up to provincial hospitals. The single source every
 * module resolves institution codes against (settlement windows, hospital clerks' accounts, designated
 * hospitals, referrals). A small reference table keyed by the institution code (replicated under Citus
 * like `region`, so person-level tables may point at any institution of any county). `county_code` is the
 * county the institution lies in (its management scope), not a distribution key: schema-conventions lists
 * the table with `region` among the reference tables.
 * `designated_disease_codes` lists the disease-catalogue item codes it is a designated hospital for
 * (定点救治医院).
 *
 * The standardisation checklist (标准化建设: area, 四室分开, doctors in post, basic equipment) is kept on the
 * row with the result the domain rule computed on the last check (`is_standard`, `standardisation_failures`).
 */
const UP = [
  `CREATE TABLE medical_institution (
     code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{4,32}$'),
     name text NOT NULL,
     level text NOT NULL CHECK (level IN
       ('village_clinic','township_health_centre','community_health_centre','county','city','province')),
     kind text,
     region_code char(12) NOT NULL REFERENCES region(code),
     county_code char(6) NOT NULL,
     address text,
     phone text,
     designated_disease_codes jsonb NOT NULL DEFAULT '[]',
     active boolean NOT NULL DEFAULT true,
     area_m2 integer CHECK (area_m2 >= 0),
     has_four_rooms boolean,
     doctors_in_post integer CHECK (doctors_in_post >= 0),
     equipment jsonb NOT NULL DEFAULT '[]',
     checked_on date,
     checked_by text,
     is_standard boolean,
     standardisation_failures jsonb NOT NULL DEFAULT '[]',
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  'CREATE UNIQUE INDEX medical_institution_name_idx ON medical_institution (county_code, name)',
  'CREATE INDEX medical_institution_region_idx ON medical_institution (county_code, region_code)',
  'CREATE INDEX medical_institution_level_idx ON medical_institution (level, county_code)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS medical_institution CASCADE').execute(db);
}
