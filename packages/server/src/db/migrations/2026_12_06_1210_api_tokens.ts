import { type Kysely, sql } from 'kysely';

/**
 * API tokens of medical institutions (机构接口令牌): a hospital information system (HIS) calls the identity
 * check with `Authorization: Bearer hat_…` instead of a user session. Only the SHA-256 of the token is stored
 * (the token is shown once when issued). A token acts for one institution within one region scope and holds
 * an explicit list of permissions (domain API_TOKEN_PERMISSIONS).
 *
 * Not person-level data (no county_code key). `institution_code` names a `medical_institution` row; it has no
 * foreign key because that reference table carries a `county_code` column, and the schema convention reserves
 * foreign keys on such tables for person-level keys: the service checks the institution instead.
 */
const UP = [
  `CREATE TABLE api_token (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
     institution_code text NOT NULL,
     region_code char(12) NOT NULL REFERENCES region(code),
     permissions text[] NOT NULL CHECK (cardinality(permissions) > 0),
     token_hash char(64) NOT NULL UNIQUE,
     token_prefix text NOT NULL,
     expires_at timestamptz NOT NULL,
     created_by bigint NOT NULL REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     last_used_at timestamptz,
     last_used_ip text,
     revoked_at timestamptz,
     revoked_by bigint REFERENCES app_user(id),
     revoke_reason text,
     CHECK (expires_at > created_at)
   )`,
  'CREATE INDEX api_token_region_idx ON api_token (region_code, created_at DESC)',
  'CREATE INDEX api_token_institution_idx ON api_token (institution_code, created_at DESC)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS api_token CASCADE').execute(db);
}
