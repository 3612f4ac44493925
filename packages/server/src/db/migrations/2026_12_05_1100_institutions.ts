import { type Kysely, sql } from 'kysely';

/**
 * Medical institutions (医疗机构): village clinics up to provincial hospitals. A small reference table keyed by
 * the institution code (replicated under Citus like `region`, so person-level tables may point at any
 * institution of any county). `county_code` is the county the institution lies in (its data scope);
 * `designated_disease_codes` lists the disease-catalogue item codes or ICD patterns it is designated for
 * (定点救治医院).
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
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
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
