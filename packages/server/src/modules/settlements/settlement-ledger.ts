import {
  createAccumulators,
  PERSON_CATEGORY_LABELS,
  type PersonCategory,
  type SettleClaimsItem,
  type TPolicySet,
  type TSettlementClaim,
  type WhatIfPersonYear,
  whatIfPolicies,
} from '@healthaid/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf, villagePattern } from '../auth/data-scope.ts';
import { institutionNames } from '../institutions/institution-ref.ts';
import { parsePolicyOrFail, visiblePolicyOrFail } from './policy-sets.service.ts';

/**
 * Settlement ledgers (结算台账) by region, institution, month or person category, over the current settlements
 * (status settled) discharged in a period and in the caller's scope: 一站式结算人次, total cost, each layer's
 * payments, patients' self-pay, amounts borne over the self-pay cap (and by hospitals), 先诊疗后付费人次 and
 * deposits waived, inpatient policy-scope cost and self-pay (住院政策范围内补偿比 / 住院合规费用自付比) and how many
 * settlements hit the self-pay cap. A settlement counts once in each category its person held (普通参保人员 when
 * none). And the what-if of a draft policy on those settlements (政策测算).
 */

export const LEDGER_GROUPS = ['region', 'institution', 'month', 'category'] as const;
export type LedgerGroup = (typeof LEDGER_GROUPS)[number];
export const ORDINARY_LABEL = '普通参保人员';

export type LedgerQuery = { groupBy: LedgerGroup; from: string; to: string };

export type LedgerRow = {
  key: string;
  label: string;
  settlements: number;
  totalFen: number;
  basicFen: number;
  criticalFen: number;
  assistanceFen: number;
  otherFen: number;
  selfPayFen: number;
  borneFen: number;
  hospitalBorneFen: number;
  capHits: number;
  treatFirstPayLater: number;
  depositWaivedFen: number;
  inpatientInScopeFen: number;
  inpatientInScopeSelfPayFen: number;
};

/** Length of the child-region prefix under a scope prefix (county 6 → township 9 → village 12). */
function childLength(prefix: string): number {
  return prefix.length <= 2 ? 4 : prefix.length <= 4 ? 6 : prefix.length <= 6 ? 9 : 12;
}

export async function settlementLedger(
  db: Kysely<DB>,
  actor: Actor,
  query: LedgerQuery,
): Promise<LedgerRow[]> {
  const scope = dataScopeOf(actor);
  const region = sql<string>`coalesce(p.village_code, s.region_code)`;
  const length = childLength(scope.villagePrefix);
  const key =
    query.groupBy === 'region'
      ? sql<string>`substr(${region}, 1, ${length})`
      : query.groupBy === 'institution'
        ? sql<string>`s.institution_code`
        : query.groupBy === 'month'
          ? sql<string>`to_char(s.discharge_date, 'YYYY-MM')`
          : sql<string>`coalesce(c.category, 'ordinary')`;
  const categoryJoin =
    query.groupBy === 'category'
      ? sql`LEFT JOIN LATERAL jsonb_array_elements_text(s.categories) AS c(category) ON true`
      : sql``;
  const countyFilter = scope.countyCode ? sql`AND s.county_code = ${scope.countyCode}` : sql``;
  const institutionFilter = scope.institutionCode
    ? sql`AND s.institution_code = ${scope.institutionCode}`
    : sql``;
  const { rows } = await sql<Record<string, string | number>>`
    SELECT ${key} AS key,
      count(*)::int AS settlements,
      sum(s.total_fen)::bigint AS total_fen,
      sum(s.basic_fen)::bigint AS basic_fen,
      sum(s.critical_fen)::bigint AS critical_fen,
      sum(s.assistance_fen)::bigint AS assistance_fen,
      sum(s.other_fen)::bigint AS other_fen,
      sum(s.self_pay_fen)::bigint AS self_pay_fen,
      sum(s.borne_fen)::bigint AS borne_fen,
      sum(CASE WHEN s.result->'bearer'->>'kind' = 'hospital' THEN s.borne_fen ELSE 0 END)::bigint AS hospital_borne_fen,
      count(*) FILTER (WHERE s.borne_fen > 0)::int AS cap_hits,
      count(*) FILTER (WHERE s.is_treat_first_pay_later)::int AS treat_first_pay_later,
      sum(s.deposit_waived_fen)::bigint AS deposit_waived_fen,
      sum(CASE WHEN s.visit_type = 'inpatient' THEN s.in_scope_fen ELSE 0 END)::bigint AS inpatient_in_scope_fen,
      sum(CASE WHEN s.visit_type = 'inpatient' THEN s.in_scope_self_pay_fen ELSE 0 END)::bigint AS inpatient_in_scope_self_pay_fen
    FROM settlement s
    LEFT JOIN person p ON p.county_code = s.county_code AND p.id = s.person_id
    ${categoryJoin}
    WHERE s.status = 'settled' AND s.discharge_date BETWEEN ${query.from} AND ${query.to}
      AND ${region} LIKE ${villagePattern(scope)} ${countyFilter} ${institutionFilter}
    GROUP BY 1 ORDER BY 1`.execute(db);
  const keys = rows.map((r) => String(r.key));
  const labels = new Map<string, string>();
  if (query.groupBy === 'region' && keys.length > 0) {
    const regions = await db
      .selectFrom('region')
      .select(['code', 'name'])
      .where(
        'code',
        'in',
        keys.map((k) => k.padEnd(12, '0')),
      )
      .execute();
    for (const r of regions) {
      labels.set(r.code.slice(0, length), r.name);
    }
  } else if (query.groupBy === 'institution') {
    for (const [code, name] of await institutionNames(db, keys)) {
      labels.set(code, name);
    }
  }
  const labelOf = (k: string) =>
    query.groupBy === 'category'
      ? k === 'ordinary'
        ? ORDINARY_LABEL
        : (PERSON_CATEGORY_LABELS[k as PersonCategory] ?? k)
      : query.groupBy === 'month'
        ? `${k.slice(0, 4)}年${k.slice(5)}月`
        : (labels.get(k) ?? k);
  const n = (v: string | number | undefined) => Number(v ?? 0);
  return rows.map((r) => ({
    key: String(r.key),
    label: labelOf(String(r.key)),
    settlements: n(r.settlements),
    totalFen: n(r.total_fen),
    basicFen: n(r.basic_fen),
    criticalFen: n(r.critical_fen),
    assistanceFen: n(r.assistance_fen),
    otherFen: n(r.other_fen),
    selfPayFen: n(r.self_pay_fen),
    borneFen: n(r.borne_fen),
    hospitalBorneFen: n(r.hospital_borne_fen),
    capHits: n(r.cap_hits),
    treatFirstPayLater: n(r.treat_first_pay_later),
    depositWaivedFen: n(r.deposit_waived_fen),
    inpatientInScopeFen: n(r.inpatient_in_scope_fen),
    inpatientInScopeSelfPayFen: n(r.inpatient_in_scope_self_pay_fen),
  }));
}

export const MAX_WHAT_IF_CLAIMS = 200_000;

/**
 * 政策测算: the settlements of a period in the caller's scope settled again, each person-year in discharge order,
 * under the draft (or any visible) policy set, against their recorded settlements' policy versions. Nothing is
 * written. The change of every layer's spending and of patients' self-pay, in total and by person category.
 */
export async function whatIfPolicyOnPeriod(
  db: Kysely<DB>,
  actor: Actor,
  policySetId: number,
  period: { from: string; to: string },
) {
  const scope = dataScopeOf(actor);
  const draft = await visiblePolicyOrFail(db, actor, policySetId);
  const alternative = parsePolicyOrFail(draft.body);
  const { rows } = await sql<{
    county_code: string;
    person_id: number | null;
    outsider_id: number | null;
    year: number;
    claim: unknown;
    categories: unknown;
    policy_set_id: number;
  }>`
    SELECT s.county_code, s.person_id, s.outsider_id, s.year, s.claim, s.categories, s.policy_set_id
    FROM settlement s LEFT JOIN person p ON p.county_code = s.county_code AND p.id = s.person_id
    WHERE s.status = 'settled' AND s.discharge_date BETWEEN ${period.from} AND ${period.to}
      AND coalesce(p.village_code, s.region_code) LIKE ${villagePattern(scope)}
      ${scope.countyCode ? sql`AND s.county_code = ${scope.countyCode}` : sql``}
    ORDER BY s.county_code, s.person_id, s.outsider_id, s.year, s.discharge_date, coalesce(s.claim_seq, s.id)
    LIMIT ${MAX_WHAT_IF_CLAIMS + 1}`.execute(db);
  if (rows.length > MAX_WHAT_IF_CLAIMS) {
    throw new AppError(
      'VALIDATION_FAILED',
      `测算范围超过 ${MAX_WHAT_IF_CLAIMS.toLocaleString('en')} 张结算单，请缩短期间`,
    );
  }
  const policyIds = [...new Set(rows.map((r) => Number(r.policy_set_id)))];
  const policies = new Map<number, TPolicySet>();
  if (policyIds.length > 0) {
    for (const p of await db
      .selectFrom('policy_set')
      .select(['id', 'body'])
      .where('id', 'in', policyIds)
      .execute()) {
      policies.set(p.id, p.body as TPolicySet);
    }
  }
  const personYears: WhatIfPersonYear[] = [];
  let current: { key: string; items: SettleClaimsItem[]; year: number } | null = null;
  for (const row of rows) {
    const key = `${row.county_code}|${row.person_id ?? `o${row.outsider_id}`}|${row.year}`;
    if (current === null || current.key !== key) {
      if (current) {
        personYears.push({
          personKey: current.key,
          items: current.items,
          accumulators: createAccumulators(current.year),
        });
      }
      current = { key, items: [], year: Number(row.year) };
    }
    current.items.push({
      claim: row.claim as TSettlementClaim,
      categories: row.categories as string[],
      policy: policies.get(Number(row.policy_set_id)) as TPolicySet,
    });
  }
  if (current) {
    personYears.push({
      personKey: current.key,
      items: current.items,
      accumulators: createAccumulators(current.year),
    });
  }
  const baselineDefault = (policies.values().next().value ?? alternative) as TPolicySet;
  const report = whatIfPolicies(baselineDefault, alternative, personYears);
  const categoryLabel = (k: string) =>
    k === 'ordinary' ? ORDINARY_LABEL : (PERSON_CATEGORY_LABELS[k as PersonCategory] ?? k);
  return {
    policySet: { id: draft.id, name: draft.name, version: draft.version, status: draft.status },
    period,
    claims: rows.length,
    personYears: personYears.length,
    baseline: report.baseline,
    alternative: report.alternative,
    delta: report.delta,
    byCategory: Object.entries(report.byCategory).map(([key, group]) => ({
      key,
      label: categoryLabel(key),
      ...group,
    })),
  };
}
