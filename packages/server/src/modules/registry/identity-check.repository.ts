import type { TSelfPayCap, TTreatFirstPayLater } from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type DataScope, villagePattern } from '../auth/data-scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** One lookup: a normalised 18-character ID number on a date, within the caller's scope. */
export type IdentityLookup = { idNumber: string; date: string; scope: DataScope };

export type IdentityCaseRow = {
  itemCode: string | null;
  itemName: string | null;
  status: string;
  openedOn: string;
};

export type IdentityRow = {
  ord: number;
  county_code: string | null;
  person_id: number | null;
  name: string | null;
  sex: 'M' | 'F' | null;
  birth_date: string | null;
  village_code: string | null;
  village_name: string | null;
  status: 'normal' | 'dead' | 'moved_out' | null;
  status_date: string | null;
  is_insured: boolean | null;
  categories: string[] | null;
  policy_id: number | null;
  policy_code: string | null;
  policy_name: string | null;
  policy_version: number | null;
  contract_no: string | null;
  contract_start: string | null;
  contract_end: string | null;
  doctor_name: string | null;
  doctor_phone: string | null;
  team_name: string | null;
  team_institution: string | null;
  cases: IdentityCaseRow[] | null;
};

/** Treatment-ledger statuses of a case that is still open (not treated, not closed by death or moving). */
export const OPEN_TREATMENT_STATUSES = ['waiting', 'treating', 'not_ready', 'abandoned'] as const;

const OPEN_TREATMENT_SQL = OPEN_TREATMENT_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * Every lookup of a batch in one statement: the person in the caller's scope (registry), the categories valid
 * on the date, the published policy set in force there on that date (most specific region first, then the
 * highest version, as `selectPolicyVersion`), the family-doctor contract in force (chronic module's rule
 * `isContractInForce`), and the open major-disease treatment cases with their status on that date (diseases'
 * ledger). A lookup whose person is outside the scope returns nothing but `ord`, exactly like an unknown ID:
 * the answer never tells one from the other. Parameters: $1 ID numbers, $2 dates, $3 village LIKE patterns,
 * $4 county codes (null above county level), one element per lookup.
 */
const LOOKUP_SQL = `
    SELECT q.ord::int AS ord,
           p.county_code, p.id AS person_id, p.name, p.sex, p.birth_date, p.village_code, r.name AS village_name,
           p.status, p.status_date, p.is_insured,
           cats.categories,
           pol.id AS policy_id, pol.code AS policy_code, pol.name AS policy_name, pol.version AS policy_version,
           fd.contract_no, fd.start_date AS contract_start, fd.end_date AS contract_end, fd.doctor_name,
           fd.doctor_phone, fd.team_name, fd.team_institution,
           tc.cases
    FROM unnest($1::bpchar[], $2::date[], $3::text[], $4::bpchar[])
         WITH ORDINALITY AS q(id_number, on_date, village_pattern, county_code, ord)
    LEFT JOIN person_id_index i ON i.id_number = q.id_number
    LEFT JOIN person p ON p.county_code = i.county_code AND p.id = i.person_id
         AND p.village_code LIKE q.village_pattern
         AND (q.county_code IS NULL OR p.county_code = q.county_code)
    LEFT JOIN region r ON r.code = p.village_code
    LEFT JOIN LATERAL (
      SELECT array_agg(x.category ORDER BY x.first_from, x.category) AS categories
      FROM (SELECT c.category, min(c.valid_from) AS first_from
            FROM person_category c
            WHERE c.county_code = p.county_code AND c.person_id = p.id
              AND c.valid_from <= q.on_date AND (c.valid_to IS NULL OR c.valid_to >= q.on_date)
            GROUP BY c.category) x
    ) cats ON p.id IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT ps.id, ps.code, ps.name, ps.version
      FROM policy_set ps
      WHERE ps.status = 'published'
        AND ps.region_code IN (p.village_code, rpad(left(p.village_code, 6), 12, '0')::bpchar,
                               rpad(left(p.village_code, 4), 12, '0')::bpchar,
                               rpad(left(p.village_code, 2), 12, '0')::bpchar)
        AND ps.effective_from <= q.on_date AND (ps.effective_to IS NULL OR ps.effective_to >= q.on_date)
      ORDER BY CASE ps.region_code
                 WHEN p.village_code THEN 0
                 WHEN rpad(left(p.village_code, 6), 12, '0')::bpchar THEN 1
                 WHEN rpad(left(p.village_code, 4), 12, '0')::bpchar THEN 2
                 ELSE 3 END,
               ps.version DESC, ps.effective_from DESC
      LIMIT 1
    ) pol ON p.id IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT c.contract_no, c.start_date, c.end_date, c.doctor_name, t.name AS team_name,
             t.institution_name AS team_institution,
             (SELECT m->>'phone' FROM jsonb_array_elements(t.members) m
              WHERE m->>'name' = c.doctor_name LIMIT 1) AS doctor_phone
      FROM fd_contract c
      JOIN fd_team t ON t.county_code = c.county_code AND t.id = c.team_id
      WHERE c.county_code = p.county_code AND c.person_id = p.id
        AND c.start_date <= q.on_date AND c.end_date >= q.on_date
        AND (c.status IN ('signed', 'renewed') OR (c.status = 'cancelled' AND c.cancel_date > q.on_date))
      ORDER BY c.start_date DESC, c.id DESC
      LIMIT 1
    ) fd ON p.id IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('itemCode', s.item_code, 'itemName', s.item_name, 'status', s.status,
                                        'openedOn', s.opened_on) ORDER BY s.opened_on, s.id) AS cases
      FROM (SELECT c.id, c.item_code, c.item_name, c.opened_on,
                   COALESCE((SELECT e.status FROM treatment_case_event e
                             WHERE e.county_code = c.county_code AND e.case_id = c.id AND e.event_date <= q.on_date
                             ORDER BY e.event_date DESC, e.id DESC LIMIT 1), c.status) AS status
            FROM treatment_case c
            WHERE c.county_code = p.county_code AND c.person_id = p.id AND c.opened_on <= q.on_date) s
      WHERE s.status IN (${OPEN_TREATMENT_SQL})
    ) tc ON p.id IS NOT NULL
    ORDER BY q.ord`;

/** Versioned: a changed statement gets a new name, so a connection never runs an old text. */
const STATEMENT = 'healthaid_identity_lookup_v1';
const PREPARE_SQL = `PREPARE ${STATEMENT} (bpchar[], date[], text[], bpchar[]) AS ${LOOKUP_SQL}`;

/** What may be inlined into EXECUTE (it takes no bind parameters): validated values only, never free text. */
const SAFE = {
  idNumber: /^\d{17}[\dX]$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  pattern: /^\d{0,12}%$/,
  county: /^\d{6}$/,
};

function arrayLiteral(values: readonly (string | null)[], safe: RegExp): string {
  const items = values.map((value) => {
    if (value === null) {
      return 'NULL';
    }
    if (!safe.test(value)) {
      throw new Error(`identity lookup: refusing to inline ${JSON.stringify(value)}`);
    }
    return value;
  });
  return `'{${items.join(',')}}'`;
}

const PREPARED_STATEMENT_MISSING = '26000';

/**
 * Runs the lookups of a batch as one prepared statement: one round trip, planned once per connection (the
 * statement is prepared on a connection the first time it is used there), whatever the batch size.
 */
export async function lookUpIdentities(
  db: Kysely<DB>,
  lookups: readonly IdentityLookup[],
): Promise<IdentityRow[]> {
  if (lookups.length === 0) {
    return [];
  }
  const execute = sql.raw<IdentityRow>(
    `EXECUTE ${STATEMENT}(${[
      arrayLiteral(
        lookups.map((l) => l.idNumber),
        SAFE.idNumber,
      ),
      arrayLiteral(
        lookups.map((l) => l.date),
        SAFE.date,
      ),
      arrayLiteral(
        lookups.map((l) => villagePattern(l.scope)),
        SAFE.pattern,
      ),
      arrayLiteral(
        lookups.map((l) => l.scope.countyCode),
        SAFE.county,
      ),
    ].join(', ')})`,
  );
  return db.connection().execute(async (connection) => {
    try {
      return (await execute.execute(connection)).rows;
    } catch (error) {
      if ((error as { code?: string }).code !== PREPARED_STATEMENT_MISSING) {
        throw error;
      }
      await sql.raw(PREPARE_SQL).execute(connection);
      return (await execute.execute(connection)).rows;
    }
  });
}

export type PolicyFragmentsRow = {
  id: number;
  treat_first_pay_later: TTreatFirstPayLater | null;
  self_pay_cap: TSelfPayCap | null;
};

/** The 先诊疗后付费 and self-pay-cap parts of published policy sets (immutable once published). */
export async function findPolicyFragments(db: Db, ids: readonly number[]): Promise<PolicyFragmentsRow[]> {
  if (ids.length === 0) {
    return [];
  }
  const { rows } = await sql<PolicyFragmentsRow>`
    SELECT id, body -> 'treatFirstPayLater' AS treat_first_pay_later, body -> 'selfPayCap' AS self_pay_cap
    FROM policy_set WHERE status = 'published' AND id = ANY(${[...ids]}::bigint[])`.execute(db);
  return rows;
}
