import { type Kysely, sql } from 'kysely';

/**
 * Work-report templates (工作总结汇报). Region-level configuration, not personal data: keyed by id, owned by
 * the region whose users edit it; templates of a region are visible to users of that region and below.
 */
const UP = [
  `CREATE TABLE report_template (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     region_code char(12) NOT NULL REFERENCES region(code),
     name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
     body jsonb NOT NULL,
     created_by bigint REFERENCES app_user(id),
     updated_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  'CREATE INDEX report_template_region_idx ON report_template (region_code)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS report_template').execute(db);
}
