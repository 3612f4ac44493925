import { type Kysely, sql } from 'kysely';

/**
 * Platform tables: regions, users, sessions and the append-only audit log.
 * A merged migration is never edited; add a new file instead.
 */
const UP = [
  `CREATE TABLE region (
     code char(12) PRIMARY KEY,
     name text NOT NULL,
     level text NOT NULL CHECK (level IN ('province','city','county','township','village')),
     parent_code char(12) REFERENCES region(code),
     county_code char(6),
     source text NOT NULL DEFAULT 'builtin'
   )`,
  'CREATE INDEX region_parent_idx ON region (parent_code, code)',
  `CREATE TABLE app_user (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     username text NOT NULL UNIQUE,
     display_name text NOT NULL,
     password_hash text NOT NULL,
     role text NOT NULL CHECK (role IN ('sysadmin','auditor','county','township','village_doctor','hospital_clerk','viewer')),
     region_code char(12) NOT NULL REFERENCES region(code),
     institution_code text,
     status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
     must_change_password boolean NOT NULL DEFAULT true,
     failed_attempts integer NOT NULL DEFAULT 0,
     locked_until timestamptz,
     last_login_at timestamptz,
     password_changed_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     created_by bigint REFERENCES app_user(id)
   )`,
  `CREATE TABLE session (
     id text PRIMARY KEY,
     user_id bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
     csrf_token text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     last_seen_at timestamptz NOT NULL,
     client_ip text,
     user_agent text
   )`,
  'CREATE INDEX session_user_idx ON session (user_id)',
  `CREATE TABLE audit_event (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     occurred_at timestamptz NOT NULL DEFAULT now(),
     user_id bigint,
     username text,
     role text,
     action text NOT NULL,
     entity_type text,
     entity_id text,
     region_code char(12),
     client_ip text,
     result text NOT NULL CHECK (result IN ('success','failure','denied')),
     id_unmasked boolean NOT NULL DEFAULT false,
     request_id text,
     detail jsonb
   )`,
  'CREATE INDEX audit_event_time_idx ON audit_event (occurred_at DESC, id DESC)',
  'CREATE INDEX audit_event_user_idx ON audit_event (username, occurred_at DESC)',
  'CREATE INDEX audit_event_action_idx ON audit_event (action, occurred_at DESC)',
  // Append-only: the application can never update, delete or truncate audit events.
  `CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'audit_event is append-only (审计日志只能追加)';
   END
   $$`,
  `CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
     FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`,
  `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
     FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_event', 'session', 'app_user', 'region']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
  await sql.raw('DROP FUNCTION IF EXISTS audit_event_append_only()').execute(db);
}
