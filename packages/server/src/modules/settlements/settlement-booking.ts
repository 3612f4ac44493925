import crypto from 'node:crypto';
import {
  createAccumulators,
  type HospitalLevel,
  type InstitutionLevel,
  isIsoDate,
  listPolicyRegionCandidates,
  maskIdNumber,
  PERSON_CATEGORIES,
  resettlePersonYear,
  type SettleClaimsItem,
  SettlementError,
  type SettlementResult,
  selectPolicyVersion,
  settleClaim,
  settlementLevelOf,
  type TPolicySet,
  type TSettlementAccumulators,
  type TSettlementClaim,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError, forbidden, notFound } from '../../http/app-error.ts';
import { insertAuditEvent } from '../audit/audit.repository.ts';
import { auditContextOf } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import { categoriesOn, findIdIndex, findPersonInScope } from '../registry/persons.repository.ts';
import { compactResult, expandStoredResult, figuresOf } from './settlement-stored-result.ts';
import {
  findInstitution,
  findLatestByClaimNo,
  findPublishedPolicySets,
  type InsuredRef,
  insertReversal,
  insertSettlement,
  lastDischargeOf,
  listCurrentOfPersonYear,
  lockAccumulators,
  type PersonYearRow,
  type PolicySetRow,
  saveAccumulators,
  upsertOutsider,
} from './settlements.repository.ts';

/**
 * Booking of settlements: the one place that writes settlements, reversal entries (冲销分录) and the yearly
 * accumulators, always under the row lock of the insured person-year (SELECT … FOR UPDATE), so concurrent
 * requests for the same person never double-use a deductible or a cap.
 *
 * Claims of a person-year are settled in discharge-date order. A claim discharged no earlier than every
 * settled claim of its year is settled directly on the locked accumulators; a back-dated claim, a corrected
 * claim or a reversal re-settles the whole year from its opening accumulators (resettlePersonYear) and books a
 * reversal entry plus a new revision for every later claim whose figures changed. History is kept: a reversed
 * revision stays with status 'reversed' and points at its replacement.
 *
 * The functions take a SettlementContext instead of an HTTP request so that a seeding script can book claims
 * through the same code (see seedContext).
 */

export type AuditContext = ReturnType<typeof auditContextOf>;
export type SettlementContext = { actor: Actor; audit: AuditContext };
export type SettlementSource = 'window' | 'api' | 'import' | 'seed' | 'resettlement';

export function contextOf(request: FastifyRequest, actor: Actor): SettlementContext {
  return { actor, audit: auditContextOf(request) };
}

/** A context for scripts (demo seeding, benchmarks): audit events name the actor, no client address. */
export function seedContext(actor: Actor): SettlementContext {
  return {
    actor,
    audit: {
      userId: actor.userId,
      username: actor.username,
      role: actor.role,
      clientIp: null as unknown as string,
      requestId: null as unknown as string,
    },
  };
}

export const BASE_LAYERS = new Set(['basic_insurance', 'critical_illness', 'medical_assistance']);

/** JSON with sorted keys: the same request always hashes the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashOf(value: unknown): string {
  return crypto.createHash('sha256').update(stableStringify(value)).digest('hex');
}

export function settlementError(error: SettlementError, prefix = 'claim.'): AppError {
  return new AppError('VALIDATION_FAILED', error.message, {
    field: `${prefix}${error.field}`,
    code: error.code,
  });
}

// ------------------------------------------------------------------ institutions

export type Institution = {
  code: string;
  name: string;
  level: HospitalLevel;
  countyCode: string;
  regionCode: string;
};

/** The institution a caller settles for: a clerk's own; others name one in their region. Must be in the registry. */
export async function resolveInstitution(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  requested: string | undefined,
  field = 'institutionCode',
): Promise<Institution> {
  const code = (requested ?? actor.institutionCode ?? '').trim().toUpperCase();
  if (actor.institutionCode && code !== actor.institutionCode) {
    throw forbidden(`您只能为本机构（${actor.institutionCode}）办理结算，不能为机构“${code}”结算`);
  }
  if (!code) {
    throw new AppError('INSTITUTION_REQUIRED', `请填写医疗机构编码（${field}）`, { field });
  }
  const row = await findInstitution(db, code);
  if (!row) {
    throw new AppError('VALIDATION_FAILED', `医疗机构编码（${field}）“${code}”不在医疗机构库中，请核对编码`, {
      field,
      code: 'INSTITUTION_UNKNOWN',
    });
  }
  if (!row.active) {
    throw new AppError('VALIDATION_FAILED', `医疗机构“${row.name}”（${code}）已停用，不能办理结算`, {
      field,
      code: 'INSTITUTION_INACTIVE',
    });
  }
  if (!actor.institutionCode && !row.region_code.startsWith(dataScopeOf(actor).villagePrefix)) {
    throw forbidden(`医疗机构“${row.name}”（${code}）不在您的管辖范围内`);
  }
  return {
    code,
    name: row.name,
    level: settlementLevelOf(row.level as InstitutionLevel),
    countyCode: row.county_code,
    regionCode: row.region_code,
  };
}

/** The claim as the engine reads it: the hospital level always comes from the institution registry. */
export function claimAtInstitution(
  claim: Omit<TSettlementClaim, 'institutionLevel'> & { institutionLevel?: string | undefined },
  institution: Institution,
  field = 'claim.institutionLevel',
): TSettlementClaim {
  if (claim.institutionLevel !== undefined && claim.institutionLevel !== institution.level) {
    throw new AppError(
      'VALIDATION_FAILED',
      `医疗机构级别（${field}）“${claim.institutionLevel}”与医疗机构库不一致：${institution.name}（${institution.code}）按 ${institution.level} 级结算`,
      { field, code: 'INSTITUTION_LEVEL_MISMATCH' },
    );
  }
  return { ...claim, institutionLevel: institution.level };
}

// ------------------------------------------------------------------ insured persons

export type Insured = {
  ref: InsuredRef;
  isInRegistry: boolean;
  idNumber: string;
  name: string | null;
  /** Where the person's policy is looked up and the settlement is scoped: the village, or the institution's region. */
  regionCode: string;
};

export const OUTSIDER_NOTICE = '未在本辖区健康扶贫人员库中，按普通参保人员结算（不享受倾斜政策）';

/**
 * The insured person of an ID number: the registry person when they are in the caller's scope, else an outsider
 * (普通参保人员) in the institution's county, created on first settlement. A person registered in another county
 * is settled like anyone not in this county's registry, so the answer reveals nothing outside the caller's scope.
 */
export async function resolveInsured(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  id: { idNumber: string; birthDate: string | null; sex: string | null },
  institution: Institution,
  patientName: string | null,
): Promise<Insured> {
  const scope = dataScopeOf(actor);
  const index = await findIdIndex(db, id.idNumber);
  const person = index ? await findPersonInScope(db, scope, index.person_id) : undefined;
  if (person && index && person.county_code === index.county_code) {
    return {
      ref: { kind: 'person', countyCode: person.county_code, id: person.id },
      isInRegistry: true,
      idNumber: id.idNumber,
      name: person.name,
      regionCode: person.village_code,
    };
  }
  const outsiderId = await upsertOutsider(db, {
    countyCode: institution.countyCode,
    idNumber: id.idNumber,
    name: patientName,
    birthDate: id.birthDate,
    sex: id.sex,
  });
  return {
    ref: { kind: 'outsider', countyCode: institution.countyCode, id: outsiderId },
    isInRegistry: false,
    idNumber: id.idNumber,
    name: patientName,
    regionCode: institution.regionCode,
  };
}

const KNOWN_CATEGORIES: ReadonlySet<string> = new Set(PERSON_CATEGORIES);

/** Settlement categories of the insured on each date (outsiders: none). */
async function categoriesByDate(
  db: Kysely<DB> | Transaction<DB>,
  ref: InsuredRef,
  dates: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const date of new Set(dates)) {
    if (ref.kind === 'outsider') {
      out.set(date, []);
      continue;
    }
    const found = (await categoriesOn(db, ref.countyCode, [ref.id], date)).get(ref.id) ?? [];
    out.set(
      date,
      found.filter((c) => KNOWN_CATEGORIES.has(c)),
    );
  }
  return out;
}

// ------------------------------------------------------------------ policies

/** Published policy versions per region, loaded once per booking. */
export class PolicyResolver {
  private readonly cache = new Map<string, Promise<PolicySetRow[]>>();

  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async forClaim(
    regionCode: string,
    dischargeDate: string,
    field = 'claim.dischargeDate',
  ): Promise<PolicySetRow> {
    const candidates = listPolicyRegionCandidates(regionCode);
    const key = candidates.join(',');
    let rows = this.cache.get(key);
    if (!rows) {
      rows = findPublishedPolicySets(this.db, candidates);
      this.cache.set(key, rows);
    }
    const policies = (await rows).map((row) => ({
      regionCode: row.region_code,
      effectiveFrom: row.effective_from,
      effectiveTo: row.effective_to,
      version: row.version,
      row,
    }));
    const chosen = isIsoDate(dischargeDate) ? selectPolicyVersion(policies, regionCode, dischargeDate) : null;
    if (!chosen) {
      throw new AppError(
        'VALIDATION_FAILED',
        `出院（结算）日期（${field}）${dischargeDate} 不在参保地任何已发布政策版本的有效期内，无法结算`,
        { field, code: 'CLAIM_OUTSIDE_POLICY_PERIOD' },
      );
    }
    return chosen.row;
  }
}

// ------------------------------------------------------------------ booking

export type NewClaim = {
  insured: Insured;
  institution: Institution;
  claim: TSettlementClaim;
  requestHash: string;
  source: SettlementSource;
};

/** A change to one person-year, booked by rebookPersonYear. */
type YearChange =
  | { kind: 'add'; add: NewClaim }
  | { kind: 'correct'; settlementId: number; claim: TSettlementClaim; requestHash: string }
  | { kind: 'reverse'; settlementId: number }
  | { kind: 'policy' };

export type BookingOutcome = {
  /** The settlement the caller asked for (new claim or corrected claim); null for a reversal. */
  settlementId: number | null;
  /** Later claims re-settled because of this change (reversed and re-booked). */
  resettledIds: number[];
  reversals: number;
  runId: number | null;
};

type Entry = {
  key: string;
  row: PersonYearRow | null;
  claim: TSettlementClaim;
  claimNo: string;
  institutionCode: string;
  requestHash: string;
  source: SettlementSource;
  regionCode: string | null;
  seq: number;
  forceNew: boolean;
};

const keyOf = (institutionCode: string, claimNo: string) => `${institutionCode}\u0000${claimNo}`;

function assertSettleable(claim: TSettlementClaim) {
  if (!isIsoDate(claim.dischargeDate)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `出院（结算）日期（claim.dischargeDate）“${String(claim.dischargeDate)}”必须是真实存在的 YYYY-MM-DD 日期`,
      { field: 'claim.dischargeDate', code: 'CLAIM_DATE_INVALID' },
    );
  }
}

/**
 * Book a new claim for an insured person (inside the caller's transaction). Returns the existing settlement when
 * the same claim (same institution, claim number and content) was settled before; refuses the same claim number
 * with different content.
 */
export async function bookNewClaim(
  trx: Transaction<DB>,
  ctx: SettlementContext,
  input: NewClaim,
  policies: PolicyResolver,
): Promise<{ created: boolean } & BookingOutcome> {
  assertSettleable(input.claim);
  const claimNo = input.claim.claimId.trim();
  const year = Number(input.claim.dischargeDate.slice(0, 4));
  const before = (await lockAccumulators(
    trx,
    input.insured.ref,
    year,
    createAccumulators(year),
  )) as TSettlementAccumulators;
  const existing = await findLatestByClaimNo(trx, input.institution.code, claimNo);
  if (existing) {
    if (existing.request_hash !== input.requestHash) {
      throw new AppError(
        'IDEMPOTENCY_CONFLICT',
        `结算单号“${claimNo}”已在本机构办理过结算，但本次提交的内容不同；如需更正请使用“更正”功能`,
        { field: 'claim.claimId' },
      );
    }
    return { created: false, settlementId: existing.id, resettledIds: [], reversals: 0, runId: null };
  }
  const last = await lastDischargeOf(trx, input.insured.ref, year);
  if (last !== null && input.claim.dischargeDate < last) {
    const outcome = await rebookPersonYear(
      trx,
      ctx,
      input.insured,
      year,
      { kind: 'add', add: input },
      {
        reason: `补录出院日期较早的结算单 ${claimNo}，其后结算单按出院日期顺序重新结算`,
        runKind: 'backdated_claim',
        policies,
      },
    );
    return { created: true, ...outcome };
  }
  const policyRow = await policies.forClaim(input.insured.regionCode, input.claim.dischargeDate);
  const categories =
    (await categoriesByDate(trx, input.insured.ref, [input.claim.dischargeDate])).get(
      input.claim.dischargeDate,
    ) ?? [];
  let result: SettlementResult;
  try {
    result = settleClaim(policyRow.body as TPolicySet, input.claim, before, categories, { withTrace: false });
  } catch (error) {
    throw error instanceof SettlementError ? settlementError(error) : error;
  }
  const row = await insertSettlement(trx, {
    county_code: input.insured.ref.countyCode,
    person_id: input.insured.ref.kind === 'person' ? input.insured.ref.id : null,
    outsider_id: input.insured.ref.kind === 'outsider' ? input.insured.ref.id : null,
    region_code: input.insured.isInRegistry ? null : input.insured.regionCode,
    institution_code: input.institution.code,
    claim_no: claimNo,
    request_hash: input.requestHash,
    policy_set_id: policyRow.id,
    visit_type: input.claim.visitType,
    institution_level: input.claim.institutionLevel,
    admission_date: input.claim.admissionDate,
    discharge_date: input.claim.dischargeDate,
    year,
    categories: JSON.stringify(categories),
    claim: JSON.stringify({ ...input.claim, claimId: claimNo }),
    result: JSON.stringify(compactResult(result)),
    accumulators_before: JSON.stringify(before),
    ...figuresOf(result, input.claim),
    source: input.source,
    created_by: ctx.actor.userId,
  });
  await saveAccumulators(trx, input.insured.ref, year, result.nextAccumulators);
  await insertAuditEvent(trx, {
    ...ctx.audit,
    action: 'settlement.created',
    entityType: 'settlement',
    entityId: row.id,
    regionCode: input.insured.regionCode,
    result: 'success',
    detail: {
      claimNo,
      institutionCode: input.institution.code,
      policySetId: policyRow.id,
      totalFen: result.totalFen,
      patientPaysFen: result.patientPaysFen,
      isInRegistry: input.insured.isInRegistry,
      source: input.source,
    },
  });
  return { created: true, settlementId: row.id, resettledIds: [], reversals: 0, runId: null };
}

export type RebookOptions = {
  reason: string;
  runKind: 'claim_correction' | 'policy_correction' | 'backdated_claim' | 'reversal';
  policies: PolicyResolver;
  /** Book into an existing run (policy corrections over many person-years). */
  runId?: number;
};

/**
 * Re-settle one insured person-year after a change (new back-dated claim, corrected claim, reversal, policy
 * correction): settle every current claim again in discharge-date order from the year's opening accumulators,
 * then book a reversal entry and a new revision for every claim whose figures changed (and for a corrected
 * claim in any case). Must run inside a transaction.
 */
export async function rebookPersonYear(
  trx: Transaction<DB>,
  ctx: SettlementContext,
  insured: Insured,
  year: number,
  change: YearChange,
  options: RebookOptions,
): Promise<BookingOutcome> {
  await lockAccumulators(trx, insured.ref, year, createAccumulators(year));
  const rows = await listCurrentOfPersonYear(trx, insured.ref, year);
  const entries: Entry[] = rows.map((row) => ({
    key: keyOf(row.institution_code, row.claim_no),
    row,
    claim: row.claim as TSettlementClaim,
    claimNo: row.claim_no,
    institutionCode: row.institution_code,
    requestHash: row.request_hash,
    source: 'resettlement',
    regionCode: row.region_code,
    seq: Number(row.claim_seq ?? row.id),
    forceNew: false,
  }));
  let targetKey: string | null = null;
  if (change.kind === 'add') {
    const { add } = change;
    const claimNo = add.claim.claimId.trim();
    targetKey = keyOf(add.institution.code, claimNo);
    entries.push({
      key: targetKey,
      row: null,
      claim: { ...add.claim, claimId: claimNo },
      claimNo,
      institutionCode: add.institution.code,
      requestHash: add.requestHash,
      source: add.source,
      regionCode: add.insured.isInRegistry ? null : add.insured.regionCode,
      seq: Number.MAX_SAFE_INTEGER,
      forceNew: true,
    });
  } else if (change.kind === 'correct' || change.kind === 'reverse') {
    const index = entries.findIndex((e) => e.row?.id === change.settlementId);
    if (index < 0) {
      throw new AppError('CONFLICT', '该结算单已被冲销或更正，请刷新后重试');
    }
    const entry = entries[index] as Entry;
    targetKey = entry.key;
    if (change.kind === 'reverse') {
      entries.splice(index, 1);
    } else {
      entries[index] = {
        ...entry,
        claim: { ...change.claim, claimId: entry.claimNo },
        requestHash: change.requestHash,
        source: entry.row?.source === 'import' ? 'import' : 'window',
        forceNew: true,
      };
    }
  }
  entries.sort((a, b) =>
    a.claim.dischargeDate < b.claim.dischargeDate
      ? -1
      : a.claim.dischargeDate > b.claim.dischargeDate
        ? 1
        : a.seq - b.seq,
  );
  const categories = await categoriesByDate(
    trx,
    insured.ref,
    entries.map((e) => e.claim.dischargeDate),
  );
  const policyRows: PolicySetRow[] = [];
  const items: SettleClaimsItem[] = [];
  for (const entry of entries) {
    const policyRow = await options.policies.forClaim(insured.regionCode, entry.claim.dischargeDate);
    policyRows.push(policyRow);
    items.push({
      claim: { ...entry.claim, claimId: entry.key },
      categories: categories.get(entry.claim.dischargeDate) ?? [],
      policy: policyRow.body as TPolicySet,
    });
  }
  const recordedPolicies = await policyBodiesById(
    trx,
    rows.map((row) => row.policy_set_id),
  );
  const previous = rows.map((row) => ({
    ...expandStoredResult(row.result, row, recordedPolicies.get(row.policy_set_id) ?? null),
    claimId: keyOf(row.institution_code, row.claim_no),
  }));
  let out: ReturnType<typeof resettlePersonYear>;
  try {
    out = resettlePersonYear({
      items,
      previous,
      accumulatorsAtYearStart: createAccumulators(year),
      policy: (policyRows[0]?.body ?? {}) as TPolicySet,
      reason: options.reason,
      options: { withTrace: false },
    });
  } catch (error) {
    throw error instanceof SettlementError ? settlementError(error) : error;
  }

  const changedKeys = new Set(out.settlements.map((s) => s.claimId));
  const entryByKey = new Map(entries.map((e, i) => [e.key, { entry: e, index: i }]));
  const rowByKey = new Map(rows.map((row) => [keyOf(row.institution_code, row.claim_no), row]));
  for (const entry of entries) {
    if (entry.forceNew) {
      changedKeys.add(entry.key);
    }
  }
  const reversedKeys = new Set<string>();
  for (const reversal of out.reversals) {
    reversedKeys.add(reversal.claimId);
  }
  for (const key of changedKeys) {
    if (rowByKey.has(key)) {
      reversedKeys.add(key);
    }
  }
  // A claim whose amounts stand keeps its revision (no reversal entry); what is derived from its place in the
  // year follows the new order in place: opening accumulators, categories on the date, and the compact result
  // (rule codes, cap remaining), so that its statement recomputes exactly.
  for (const [index, entry] of entries.entries()) {
    if (!entry.row || changedKeys.has(entry.key)) {
      continue;
    }
    const derived = derivedColumnsOf(out.results, index, year, items[index]?.categories ?? []);
    if (
      stableStringify(derived.accumulators_before) !== stableStringify(entry.row.accumulators_before) ||
      stableStringify(derived.result) !== stableStringify(entry.row.result) ||
      stableStringify(derived.categories) !== stableStringify(entry.row.categories)
    ) {
      await trx
        .updateTable('settlement')
        .set({
          accumulators_before: JSON.stringify(derived.accumulators_before),
          result: JSON.stringify(derived.result),
          categories: JSON.stringify(derived.categories),
        })
        .where('county_code', '=', entry.row.county_code)
        .where('id', '=', entry.row.id)
        .execute();
    }
  }
  if (changedKeys.size === 0 && reversedKeys.size === 0) {
    await saveAccumulators(trx, insured.ref, year, out.accumulators);
    return { settlementId: null, resettledIds: [], reversals: 0, runId: options.runId ?? null };
  }
  const runId =
    options.runId ??
    (
      await trx
        .insertInto('settlement_run')
        .values({
          kind: options.runKind,
          reason: options.reason,
          region_code: insured.regionCode,
          policy_set_id: null,
          created_by: ctx.actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  // Reversal entries first: a claim has one current revision at a time.
  const reversedAt = new Date();
  for (const key of reversedKeys) {
    const row = rowByKey.get(key) as PersonYearRow;
    await insertReversal(trx, {
      county_code: row.county_code,
      settlement_id: row.id,
      run_id: runId,
      reason: options.reason,
      total_fen: -row.total_fen,
      basic_fen: -row.basic_fen,
      critical_fen: -row.critical_fen,
      assistance_fen: -row.assistance_fen,
      other_fen: -row.other_fen,
      self_pay_fen: -row.self_pay_fen,
      borne_fen: -row.borne_fen,
      in_scope_fen: -row.in_scope_fen,
      in_scope_self_pay_fen: -row.in_scope_self_pay_fen,
      deposit_waived_fen: -row.deposit_waived_fen,
      body: reversalBody(row, options.reason),
      created_by: ctx.actor.userId,
    });
    await trx
      .updateTable('settlement')
      .set({
        status: 'reversed',
        reversed_reason: options.reason,
        reversed_by: ctx.actor.userId,
        reversed_at: reversedAt,
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .where('status', '=', 'settled')
      .execute();
  }

  // New revisions.
  let targetId: number | null = null;
  const resettledIds: number[] = [];
  for (const key of changedKeys) {
    const found = entryByKey.get(key);
    if (!found) {
      continue;
    }
    const { entry, index } = found;
    const result = out.results[index] as SettlementResult;
    const before =
      index === 0 ? createAccumulators(year) : (out.results[index - 1] as SettlementResult).nextAccumulators;
    const policyRow = policyRows[index] as PolicySetRow;
    const claim = { ...entry.claim, claimId: entry.claimNo };
    const inserted = await insertSettlement(trx, {
      county_code: insured.ref.countyCode,
      person_id: insured.ref.kind === 'person' ? insured.ref.id : null,
      outsider_id: insured.ref.kind === 'outsider' ? insured.ref.id : null,
      region_code: entry.row ? entry.row.region_code : entry.regionCode,
      institution_code: entry.institutionCode,
      claim_no: entry.claimNo,
      request_hash: entry.requestHash,
      policy_set_id: policyRow.id,
      visit_type: claim.visitType,
      institution_level: claim.institutionLevel,
      admission_date: claim.admissionDate,
      discharge_date: claim.dischargeDate,
      year,
      categories: JSON.stringify(items[index]?.categories ?? []),
      claim: JSON.stringify(claim),
      result: JSON.stringify(compactResult(result)),
      accumulators_before: JSON.stringify(before),
      ...figuresOf(result, claim),
      revision: entry.row ? entry.row.revision + 1 : 1,
      claim_seq: entry.row ? entry.seq : null,
      run_id: runId,
      source: entry.key === targetKey ? entry.source : 'resettlement',
      created_by: ctx.actor.userId,
    });
    if (entry.row) {
      await trx
        .updateTable('settlement')
        .set({ replaced_by_id: inserted.id })
        .where('county_code', '=', entry.row.county_code)
        .where('id', '=', entry.row.id)
        .execute();
    }
    if (key === targetKey) {
      targetId = inserted.id;
    } else {
      resettledIds.push(inserted.id);
    }
  }
  await saveAccumulators(trx, insured.ref, year, out.accumulators);
  if (options.runId === undefined) {
    await trx
      .updateTable('settlement_run')
      .set({
        person_years: 1,
        claims: entries.length,
        reversals: reversedKeys.size,
        new_settlements: changedKeys.size,
        finished_at: new Date(),
      })
      .where('id', '=', runId)
      .execute();
  }
  await insertAuditEvent(trx, {
    ...ctx.audit,
    action: `settlement.${options.runKind === 'reversal' ? 'reversed' : 'resettled'}`,
    entityType: 'settlement',
    entityId: targetId ?? (change.kind === 'reverse' ? change.settlementId : null),
    regionCode: insured.regionCode,
    result: 'success',
    detail: {
      runId,
      kind: options.runKind,
      reason: options.reason,
      year,
      reversals: reversedKeys.size,
      newSettlements: changedKeys.size,
      resettledIds,
    },
  });
  return { settlementId: targetId, resettledIds, reversals: reversedKeys.size, runId };
}

/** The columns of a settlement row derived from its place in the person-year (not booked amounts). */
function derivedColumnsOf(
  results: readonly SettlementResult[],
  index: number,
  year: number,
  categories: readonly string[],
) {
  return {
    accumulators_before:
      index === 0 ? createAccumulators(year) : (results[index - 1] as SettlementResult).nextAccumulators,
    result: compactResult(results[index] as SettlementResult),
    categories,
  };
}

/**
 * The body of a reversal entry (冲销分录): which revision it reverses and why. Its amounts are the reversed row's
 * columns negated; the per-layer split is the reversed revision's, negated. The batch re-settlement writes the
 * same shape in SQL.
 */
export function reversalBody(row: { claim_no: string; policy_set_id: number }, reason: string): string {
  return JSON.stringify({ claimNo: row.claim_no, policySetId: row.policy_set_id, reason });
}

/** Policy bodies by id (for the labels of recorded layers). */
export async function policyBodiesById(
  db: Kysely<DB> | Transaction<DB>,
  ids: readonly number[],
): Promise<Map<number, TPolicySet>> {
  const unique = [...new Set(ids)];
  const out = new Map<number, TPolicySet>();
  if (unique.length === 0) {
    return out;
  }
  for (const row of await db
    .selectFrom('policy_set')
    .select(['id', 'body'])
    .where('id', 'in', unique)
    .execute()) {
    out.set(row.id, row.body as TPolicySet);
  }
  return out;
}

/** The insured person-year of a stored settlement. */
export function insuredOfRow(row: {
  county_code: string;
  person_id: number | null;
  outsider_id: number | null;
  person_village_code: string;
  person_id_number: string;
  person_name: string;
}): Insured {
  return {
    ref:
      row.person_id !== null
        ? { kind: 'person', countyCode: row.county_code, id: row.person_id }
        : { kind: 'outsider', countyCode: row.county_code, id: row.outsider_id as number },
    isInRegistry: row.person_id !== null,
    idNumber: row.person_id_number,
    name: row.person_name,
    regionCode: row.person_village_code,
  };
}

export function personNotFound(idNumber: string) {
  return notFound(`身份证号 ${maskIdNumber(idNumber)} 的人员`);
}
