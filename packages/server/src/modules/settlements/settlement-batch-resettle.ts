import {
  createAccumulators,
  isIsoDate,
  listPolicyRegionCandidates,
  PERSON_CATEGORIES,
  resettlePersonYear,
  type SettleClaimsItem,
  type SettlementResult,
  selectPolicyVersion,
  type TPolicySet,
  type TSettlementClaim,
} from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { insertAuditEvent } from '../audit/audit.repository.ts';
import { compactResult, figuresOf, type SettlementContext } from './settlement-booking.ts';
import type { PolicySetRow } from './settlements.repository.ts';

/**
 * Re-settlement after a policy correction (政策版本更正), for many person-years at once: every person-year with
 * a current settlement in the corrected version's region and period is settled again in discharge-date order
 * from its opening accumulators, and every claim whose figures or policy version changed gets a reversal entry
 * and a new revision. Work goes in batches of person-years, each batch one transaction: lock the batch's
 * accumulator rows (in key order), read its settlements and category periods in two queries, settle in memory,
 * then write set-based: reversal entries and status changes by id lists (the negated amounts computed in SQL),
 * the new revisions from a staging table joined to the old rows (claims are not sent back), the accumulators by
 * one UPDATE … FROM. A stopped run leaves every person-year consistent; running it again finishes the rest.
 */

export type BatchResettleOptions = {
  policySetId: number;
  /** Only settlements of this county, and (optionally) of persons / outsiders under this region prefix. */
  countyCode: string;
  regionPrefix?: string;
  reason: string;
  /** Person-years per transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
};

export type BatchResettleSummary = {
  runId: number;
  personYears: number;
  claims: number;
  reversals: number;
  newSettlements: number;
};

type PersonYearKey = { personId: number | null; outsiderId: number | null; year: number };

type LoadedRow = {
  id: number;
  person_id: number | null;
  outsider_id: number | null;
  year: number;
  institution_code: string;
  claim_no: string;
  discharge_date: string;
  claim_seq: number | null;
  region_code: string | null;
  village_code: string | null;
  claim: unknown;
  result: unknown;
  revision: number;
};

const KNOWN: ReadonlySet<string> = new Set(PERSON_CATEGORIES);

export async function resettleForPolicy(
  db: Kysely<DB>,
  ctx: SettlementContext,
  options: BatchResettleOptions,
): Promise<BatchResettleSummary> {
  const policy = await db
    .selectFrom('policy_set')
    .select(['id', 'code', 'name', 'region_code', 'version', 'effective_from', 'effective_to', 'status'])
    .where('id', '=', options.policySetId)
    .executeTakeFirst();
  if (!policy) {
    throw new AppError('NOT_FOUND', '政策参数集不存在');
  }
  if (policy.status !== 'published') {
    throw new AppError(
      'CONFLICT',
      `政策“${policy.name}”第 ${policy.version} 版尚未发布，发布后才能据此重新结算`,
    );
  }
  const prefix = options.regionPrefix ?? options.countyCode;
  const run = await db
    .insertInto('settlement_run')
    .values({
      kind: 'policy_correction',
      reason: options.reason,
      region_code: prefix.padEnd(12, '0'),
      policy_set_id: policy.id,
      created_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const to = policy.effective_to ?? '9999-12-31';
  const { rows: targets } = await sql<{ person_id: number | null; outsider_id: number | null; year: number }>`
    SELECT DISTINCT s.person_id, s.outsider_id, s.year
    FROM settlement s
    LEFT JOIN person p ON p.county_code = s.county_code AND p.id = s.person_id
    WHERE s.county_code = ${options.countyCode} AND s.status = 'settled'
      AND s.discharge_date BETWEEN ${policy.effective_from} AND ${to}
      AND s.policy_set_id <> ${policy.id}
      AND coalesce(p.village_code, s.region_code) LIKE ${`${prefix}%`}
    ORDER BY 1, 2, 3`.execute(db);
  const published = await db
    .selectFrom('policy_set')
    .select([
      'id',
      'code',
      'name',
      'region_code',
      'version',
      'effective_from',
      'effective_to',
      'status',
      'body',
      'created_at',
      'updated_at',
      'published_at',
    ])
    .where('status', '=', 'published')
    .execute();
  const chooser = policyChooser(published as PolicySetRow[]);
  const summary: BatchResettleSummary = {
    runId: run.id,
    personYears: targets.length,
    claims: 0,
    reversals: 0,
    newSettlements: 0,
  };
  const batchSize = options.batchSize ?? 2_000;
  for (let start = 0; start < targets.length; start += batchSize) {
    const batch = targets.slice(start, start + batchSize).map((t) => ({
      personId: t.person_id === null ? null : Number(t.person_id),
      outsiderId: t.outsider_id === null ? null : Number(t.outsider_id),
      year: Number(t.year),
    }));
    const counts = await db
      .transaction()
      .execute((trx) => resettleBatch(trx, ctx, options, run.id, batch, chooser));
    summary.claims += counts.claims;
    summary.reversals += counts.reversals;
    summary.newSettlements += counts.newSettlements;
    options.onProgress?.(Math.min(start + batchSize, targets.length), targets.length);
  }
  await db
    .updateTable('settlement_run')
    .set({
      person_years: summary.personYears,
      claims: summary.claims,
      reversals: summary.reversals,
      new_settlements: summary.newSettlements,
      finished_at: new Date(),
    })
    .where('id', '=', run.id)
    .execute();
  await insertAuditEvent(db, {
    ...ctx.audit,
    action: 'settlement.policy_resettled',
    entityType: 'policy_set',
    entityId: policy.id,
    regionCode: prefix.padEnd(12, '0'),
    result: 'success',
    detail: { ...summary, reason: options.reason },
  });
  return summary;
}

/** The published version governing a claim: most specific region, then highest version (memoised). */
function policyChooser(rows: readonly PolicySetRow[]) {
  const versions = rows.map((row) => ({
    regionCode: row.region_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    version: row.version,
    row,
  }));
  const memo = new Map<string, PolicySetRow>();
  return (regionCode: string, date: string): PolicySetRow => {
    const county = regionCode.slice(0, 6);
    const key = `${county}|${date}`;
    let found = memo.get(key);
    if (!found) {
      const candidates = new Set(listPolicyRegionCandidates(regionCode));
      const chosen = isIsoDate(date)
        ? selectPolicyVersion(
            versions.filter((v) => candidates.has(v.regionCode)),
            regionCode,
            date,
          )
        : null;
      if (!chosen) {
        throw new AppError(
          'VALIDATION_FAILED',
          `出院日期 ${date} 不在 ${regionCode} 任何已发布政策版本的有效期内`,
        );
      }
      found = chosen.row;
      // Village-level policies would make the key coarse; they are not used (county, city, province only).
      if (chosen.regionCode.slice(6) === '000000') {
        memo.set(key, found);
      }
    }
    return found;
  };
}

const DEBUG = process.env.RESETTLE_DEBUG === '1';
let mark = 0;
function lap(label: string) {
  if (DEBUG) {
    const now = Date.now();
    console.log(`    ${label} ${now - mark} ms`);
    mark = now;
  }
}

async function resettleBatch(
  trx: Transaction<DB>,
  ctx: SettlementContext,
  options: BatchResettleOptions,
  runId: number,
  batch: readonly PersonYearKey[],
  choose: (regionCode: string, date: string) => PolicySetRow,
) {
  mark = Date.now();
  const county = options.countyCode;
  const personIds = [...new Set(batch.filter((k) => k.personId !== null).map((k) => k.personId as number))];
  const outsiderIds = [
    ...new Set(batch.filter((k) => k.outsiderId !== null).map((k) => k.outsiderId as number)),
  ];
  const years = [...new Set(batch.map((k) => k.year))];
  const wanted = new Set(batch.map((k) => `${k.personId ?? `o${k.outsiderId}`}|${k.year}`));
  // Lock the person-years in key order (the window books under the same locks).
  if (personIds.length > 0) {
    await sql`SELECT 1 FROM settlement_accumulator WHERE county_code = ${county}
      AND person_id IN (${sql.join(personIds)}) AND year IN (${sql.join(years)})
      ORDER BY person_id, year FOR UPDATE`.execute(trx);
    lap('lock');
  }
  if (outsiderIds.length > 0) {
    await sql`SELECT 1 FROM settlement_outsider_accumulator WHERE county_code = ${county}
      AND outsider_id IN (${sql.join(outsiderIds)}) AND year IN (${sql.join(years)})
      ORDER BY outsider_id, year FOR UPDATE`.execute(trx);
  }
  const insuredFilter =
    personIds.length > 0 && outsiderIds.length > 0
      ? sql`(s.person_id IN (${sql.join(personIds)}) OR s.outsider_id IN (${sql.join(outsiderIds)}))`
      : personIds.length > 0
        ? sql`s.person_id IN (${sql.join(personIds)})`
        : sql`s.outsider_id IN (${sql.join(outsiderIds)})`;
  const { rows } = await sql<LoadedRow>`
    SELECT s.id, s.person_id, s.outsider_id, s.year, s.institution_code, s.claim_no, s.discharge_date,
      s.claim_seq, s.region_code, p.village_code, s.claim, s.result, s.revision
    FROM settlement s
    LEFT JOIN person p ON p.county_code = s.county_code AND p.id = s.person_id
    WHERE s.county_code = ${county} AND s.status = 'settled' AND s.year IN (${sql.join(years)}) AND ${insuredFilter}
    ORDER BY s.person_id, s.outsider_id, s.year, s.discharge_date, coalesce(s.claim_seq, s.id)`.execute(trx);
  lap('load');
  const periods = new Map<number, { category: string; from: string; to: string | null }[]>();
  if (personIds.length > 0) {
    const { rows: cats } = await sql<{
      person_id: number;
      category: string;
      valid_from: string;
      valid_to: string | null;
    }>`
      SELECT person_id, category, valid_from, valid_to FROM person_category
      WHERE county_code = ${county} AND person_id IN (${sql.join(personIds)})
      ORDER BY person_id, valid_from`.execute(trx);
    lap('categories');
    for (const c of cats) {
      const id = Number(c.person_id);
      const list = periods.get(id) ?? [];
      list.push({ category: c.category, from: c.valid_from, to: c.valid_to });
      periods.set(id, list);
    }
  }
  const categoriesOn = (personId: number | null, date: string): string[] => {
    if (personId === null) {
      return [];
    }
    const out: string[] = [];
    for (const p of periods.get(personId) ?? []) {
      if (
        p.from <= date &&
        (p.to === null || p.to >= date) &&
        KNOWN.has(p.category) &&
        !out.includes(p.category)
      ) {
        out.push(p.category);
      }
    }
    return out;
  };

  // Group rows into person-years (already in settlement order).
  const groups: LoadedRow[][] = [];
  let current: LoadedRow[] = [];
  let currentKey = '';
  for (const row of rows) {
    const key = `${row.person_id ?? `o${row.outsider_id}`}|${row.year}`;
    if (!wanted.has(key)) {
      continue;
    }
    if (key !== currentKey) {
      if (current.length > 0) {
        groups.push(current);
      }
      current = [];
      currentKey = key;
    }
    current.push(row);
  }
  if (current.length > 0) {
    groups.push(current);
  }

  const reversedIds: number[] = [];
  const staged: unknown[][] = [];
  const accumulators: { personId: number | null; outsiderId: number | null; year: number; body: string }[] =
    [];
  let claims = 0;
  for (const group of groups) {
    const first = group[0] as LoadedRow;
    const year = Number(first.year);
    const region = first.village_code ?? first.region_code ?? county;
    const items: SettleClaimsItem[] = [];
    const policies: PolicySetRow[] = [];
    const categories: string[][] = [];
    for (const row of group) {
      const claim = row.claim as TSettlementClaim;
      const policyRow = choose(region, row.discharge_date);
      const cats = categoriesOn(row.person_id === null ? null : Number(row.person_id), row.discharge_date);
      policies.push(policyRow);
      categories.push(cats);
      items.push({
        claim: { ...claim, claimId: String(row.id) },
        categories: cats,
        policy: policyRow.body as TPolicySet,
      });
    }
    const out = resettlePersonYear({
      items,
      previous: group.map((row) => ({ ...(row.result as SettlementResult), claimId: String(row.id) })),
      accumulatorsAtYearStart: createAccumulators(year),
      policy: (policies[0] as PolicySetRow).body as TPolicySet,
      reason: options.reason,
      options: { withTrace: false },
    });
    claims += group.length;
    const changed = new Set(out.settlements.map((s) => s.claimId));
    out.results.forEach((result, i) => {
      const row = group[i] as LoadedRow;
      if (!changed.has(String(row.id))) {
        return;
      }
      reversedIds.push(Number(row.id));
      const before =
        i === 0 ? createAccumulators(year) : (out.results[i - 1] as SettlementResult).nextAccumulators;
      const claim = row.claim as TSettlementClaim;
      const f = figuresOf(result, claim);
      staged.push([
        Number(row.id),
        (policies[i] as PolicySetRow).id,
        JSON.stringify(categories[i]),
        JSON.stringify(compactResult(result, row.claim_no)),
        JSON.stringify(before),
        f.total_fen,
        f.basic_fen,
        f.critical_fen,
        f.assistance_fen,
        f.other_fen,
        f.self_pay_fen,
        f.borne_fen,
        f.in_scope_fen,
        f.in_scope_self_pay_fen,
        f.deposit_waived_fen,
        f.is_treat_first_pay_later,
      ]);
    });
    accumulators.push({
      personId: first.person_id === null ? null : Number(first.person_id),
      outsiderId: first.outsider_id === null ? null : Number(first.outsider_id),
      year,
      body: JSON.stringify(out.accumulators),
    });
  }
  lap('compute');
  if (reversedIds.length === 0) {
    return { claims, reversals: 0, newSettlements: 0 };
  }

  // New revision ids drawn up front, so the old rows are marked (status, replaced_by_id) in one pass.
  const { rows: drawn } = await sql<{ id: number }>`
    SELECT nextval(pg_get_serial_sequence('settlement', 'id'))::bigint AS id
    FROM generate_series(1, ${staged.length})`.execute(trx);
  const stageJson = JSON.stringify(
    staged.map((v, i) => ({
      old_id: v[0],
      new_id: Number(drawn[i]?.id),
      policy_set_id: v[1],
      categories: v[2],
      result: v[3],
      accumulators_before: v[4],
      total_fen: v[5],
      basic_fen: v[6],
      critical_fen: v[7],
      assistance_fen: v[8],
      other_fen: v[9],
      self_pay_fen: v[10],
      borne_fen: v[11],
      in_scope_fen: v[12],
      in_scope_self_pay_fen: v[13],
      deposit_waived_fen: v[14],
      is_treat_first_pay_later: v[15],
    })),
  );
  await sql`CREATE TEMP TABLE IF NOT EXISTS settlement_restage (
      old_id bigint PRIMARY KEY, new_id bigint, policy_set_id bigint, categories text, result text,
      accumulators_before text, total_fen bigint, basic_fen bigint, critical_fen bigint, assistance_fen bigint,
      other_fen bigint, self_pay_fen bigint, borne_fen bigint, in_scope_fen bigint, in_scope_self_pay_fen bigint,
      deposit_waived_fen bigint, is_treat_first_pay_later boolean) ON COMMIT DELETE ROWS`.execute(trx);
  lap('temp');
  await sql`INSERT INTO settlement_restage
    SELECT * FROM jsonb_to_recordset(${stageJson}::jsonb) AS x(old_id bigint, new_id bigint, policy_set_id bigint,
      categories text, result text, accumulators_before text, total_fen bigint, basic_fen bigint,
      critical_fen bigint, assistance_fen bigint, other_fen bigint, self_pay_fen bigint, borne_fen bigint,
      in_scope_fen bigint, in_scope_self_pay_fen bigint, deposit_waived_fen bigint,
      is_treat_first_pay_later boolean)`.execute(trx);
  await sql`ANALYZE settlement_restage`.execute(trx);
  lap('stage');
  const user = ctx.actor.userId;
  await sql`INSERT INTO settlement_reversal (county_code, settlement_id, run_id, reason, total_fen, basic_fen,
      critical_fen, assistance_fen, other_fen, self_pay_fen, borne_fen, in_scope_fen, in_scope_self_pay_fen,
      deposit_waived_fen, body, created_by)
    SELECT s.county_code, s.id, ${runId}, ${options.reason}, -s.total_fen, -s.basic_fen, -s.critical_fen,
      -s.assistance_fen, -s.other_fen, -s.self_pay_fen, -s.borne_fen, -s.in_scope_fen, -s.in_scope_self_pay_fen,
      -s.deposit_waived_fen,
      jsonb_build_object('claimNo', s.claim_no, 'policySetId', s.policy_set_id, 'reason', ${options.reason}::text,
        'patientPaysFen', -s.self_pay_fen, 'borneByFen', -s.borne_fen),
      ${user}
    FROM settlement_restage r JOIN settlement s ON s.county_code = ${county} AND s.id = r.old_id`.execute(
    trx,
  );
  lap('reversals');
  await sql`UPDATE settlement s SET status = 'reversed', reversed_reason = ${options.reason},
      reversed_by = ${user}, reversed_at = now(), replaced_by_id = r.new_id
    FROM settlement_restage r WHERE s.county_code = ${county} AND s.id = r.old_id`.execute(trx);
  lap('mark');
  await sql`INSERT INTO settlement (id, county_code, person_id, outsider_id, region_code, institution_code, claim_no,
      request_hash, policy_set_id, visit_type, institution_level, admission_date, discharge_date, year, categories,
      claim, result, accumulators_before, total_fen, basic_fen, critical_fen, assistance_fen, other_fen,
      self_pay_fen, borne_fen, in_scope_fen, in_scope_self_pay_fen, deposit_waived_fen, is_treat_first_pay_later,
      revision, claim_seq, run_id, source, created_by)
    OVERRIDING SYSTEM VALUE
    SELECT r.new_id, o.county_code, o.person_id, o.outsider_id, o.region_code, o.institution_code, o.claim_no,
      o.request_hash, r.policy_set_id, o.visit_type, o.institution_level, o.admission_date, o.discharge_date, o.year,
      r.categories::jsonb, o.claim, r.result::jsonb, r.accumulators_before::jsonb, r.total_fen, r.basic_fen,
      r.critical_fen, r.assistance_fen, r.other_fen, r.self_pay_fen, r.borne_fen, r.in_scope_fen,
      r.in_scope_self_pay_fen, r.deposit_waived_fen, r.is_treat_first_pay_later, o.revision + 1,
      coalesce(o.claim_seq, o.id), ${runId}, 'resettlement', ${user}
    FROM settlement_restage r JOIN settlement o ON o.county_code = ${county} AND o.id = r.old_id`.execute(
    trx,
  );
  lap('insert');
  const accJson = JSON.stringify(accumulators);
  await sql`UPDATE settlement_accumulator a SET body = v.body::jsonb, updated_at = now()
    FROM jsonb_to_recordset(${accJson}::jsonb) AS v("personId" bigint, year int, body text)
    WHERE v."personId" IS NOT NULL AND a.county_code = ${county} AND a.person_id = v."personId" AND a.year = v.year`.execute(
    trx,
  );
  await sql`UPDATE settlement_outsider_accumulator a SET body = v.body::jsonb, updated_at = now()
    FROM jsonb_to_recordset(${accJson}::jsonb) AS v("outsiderId" bigint, year int, body text)
    WHERE v."outsiderId" IS NOT NULL AND a.county_code = ${county} AND a.outsider_id = v."outsiderId" AND a.year = v.year`.execute(
    trx,
  );
  lap('accumulators');
  await sql`DELETE FROM settlement_restage`.execute(trx);
  return { claims, reversals: reversedIds.length, newSettlements: reversedIds.length };
}
