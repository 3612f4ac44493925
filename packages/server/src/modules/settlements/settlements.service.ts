import {
  createAccumulators,
  isIsoDate,
  maskIdNumber,
  maskName,
  PERSON_CATEGORY_LABELS,
  type PersonCategory,
  SettlementError,
  type SettlementResult,
  settleClaim,
  type TPolicySet,
  type TSettlementAccumulators,
  type TSettlementClaim,
  whatIfClaim,
} from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import { parseIdOrFail } from '../registry/persons.service.ts';
import { visiblePolicyOrFail } from './policy-sets.service.ts';
import {
  bookNewClaim,
  claimAtInstitution,
  hashOf,
  insuredOfRow,
  OUTSIDER_NOTICE,
  PolicyResolver,
  rebookPersonYear,
  resolveInstitution,
  resolveInsured,
  type SettlementContext,
  type SettlementSource,
  settlementError,
} from './settlement-booking.ts';
import { expandStoredResult } from './settlement-stored-result.ts';
import {
  findIdempotencyKey,
  findPolicySet,
  findSettlementInScope,
  insertIdempotencyKey,
  listReversalsOf,
  listRevisions,
  listSettlements,
  type PolicySetRow,
  type SettlementFilter,
  type SettlementRow,
} from './settlements.repository.ts';
import type { TSettlementCreateBody } from './settlements.schema.ts';

// ------------------------------------------------------------------ DTOs

export function insuredLabelOf(isInRegistry: boolean, categories: readonly string[]): string {
  if (!isInRegistry) {
    return `普通参保人员（${OUTSIDER_NOTICE.replace('，按普通参保人员结算', '')}）`;
  }
  return categories.length === 0
    ? '普通参保人员（人员库内，结算日无倾斜类别）'
    : categories.map((c) => PERSON_CATEGORY_LABELS[c as PersonCategory] ?? c).join('、');
}

export function settlementDto(row: SettlementRow) {
  const categories = row.categories as string[];
  const isInRegistry = row.person_id !== null;
  return {
    id: row.id,
    countyCode: row.county_code,
    personId: row.person_id,
    isInRegistry,
    insuredLabel: insuredLabelOf(isInRegistry, categories),
    personNameMasked: row.person_name ? maskName(row.person_name) : '（未登记姓名）',
    idNumberMasked: maskIdNumber(row.person_id_number),
    villageCode: row.person_village_code,
    institutionCode: row.institution_code,
    institutionName: row.institution_name ?? row.institution_code,
    claimNo: row.claim_no,
    revision: row.revision,
    policySet: {
      id: row.policy_set_id,
      code: row.policy_code,
      name: row.policy_name,
      version: row.policy_version,
    },
    visitType: row.visit_type,
    institutionLevel: row.institution_level,
    admissionDate: row.admission_date,
    dischargeDate: row.discharge_date,
    year: row.year,
    categories,
    totalFen: row.total_fen,
    basicFen: row.basic_fen,
    criticalFen: row.critical_fen,
    assistanceFen: row.assistance_fen,
    otherFen: row.other_fen,
    selfPayFen: row.self_pay_fen,
    borneFen: row.borne_fen,
    inScopeFen: row.in_scope_fen,
    depositWaivedFen: row.deposit_waived_fen,
    isTreatFirstPayLater: row.is_treat_first_pay_later,
    status: row.status,
    reversedReason: row.reversed_reason,
    replacedById: row.replaced_by_id,
    source: row.source,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * The settlement with its trace: the engine is pure, so settling the stored claim again on the stored opening
 * accumulators, categories and policy version gives the same figures with one explanation line per rule.
 */
export function explainRow(
  row: Pick<
    SettlementRow,
    | 'claim'
    | 'accumulators_before'
    | 'categories'
    | 'result'
    | 'claim_no'
    | 'total_fen'
    | 'self_pay_fen'
    | 'in_scope_self_pay_fen'
    | 'borne_fen'
    | 'deposit_waived_fen'
  >,
  policy: TPolicySet,
): Omit<SettlementResult, 'nextAccumulators'> {
  const stored = expandStoredResult(row.result, row, policy);
  try {
    const result = settleClaim(
      policy,
      row.claim as TSettlementClaim,
      row.accumulators_before as TSettlementAccumulators,
      row.categories as string[],
      { withTrace: true, isPolicyPeriodChecked: false },
    );
    if (result.patientPaysFen === stored.patientPaysFen && result.totalFen === stored.totalFen) {
      return result;
    }
  } catch {
    // Fall through to the stored figures.
  }
  return { ...stored, trace: [], explanation: [] };
}

export async function settlementDetailDto(db: Kysely<DB>, row: SettlementRow) {
  const policy = (await findPolicySet(db, row.policy_set_id)) as PolicySetRow;
  const result = explainRow(row, policy.body as TPolicySet);
  const revisions = await listRevisions(db, row.county_code, row.institution_code, row.claim_no);
  const reversals = await listReversalsOf(
    db,
    row.county_code,
    revisions.map((r) => r.id),
  );
  return {
    ...settlementDto(row),
    layers: result.layers,
    bearer: result.bearer,
    explanation: result.explanation,
    trace: result.trace.map((t) => ({
      layer: t.layer,
      ruleCode: t.rule.code,
      ruleDescription: t.rule.description,
      baseFen: t.baseFen,
      deductibleFen: t.deductibleFen,
      rateBp: t.rateBp,
      capFen: t.capFen,
      capRemainingFen: t.capRemainingFen,
      resultFen: t.resultFen,
      explanation: t.explanation,
    })),
    claim: row.claim as Record<string, unknown>,
    history: {
      revisions: revisions.map((r) => ({
        id: r.id,
        revision: r.revision,
        status: r.status,
        totalFen: r.total_fen,
        selfPayFen: r.self_pay_fen,
        policySetId: r.policy_set_id,
        runId: r.run_id,
        source: r.source,
        replacedById: r.replaced_by_id,
        reversedReason: r.reversed_reason,
        createdAt: new Date(r.created_at).toISOString(),
      })),
      reversals: reversals.map((r) => ({
        id: r.id,
        settlementId: r.settlement_id,
        runId: r.run_id,
        reason: r.reason,
        totalFen: r.total_fen,
        selfPayFen: r.self_pay_fen,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    },
  };
}

export async function loadInScope(db: Kysely<DB>, scope: DataScope, id: number) {
  const row = await findSettlementInScope(db, scope, id);
  if (!row) {
    throw notFound('结算单');
  }
  return row;
}

export async function getSettlement(db: Kysely<DB>, actor: Actor, id: number) {
  return settlementDetailDto(db, await loadInScope(db, dataScopeOf(actor), id));
}

export async function listSettlementsPage(
  db: Kysely<DB>,
  actor: Actor,
  query: SettlementFilter & { page: number; pageSize: number },
) {
  const { total, items } = await listSettlements(db, dataScopeOf(actor), query, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: items.map(settlementDto), total, page: query.page, pageSize: query.pageSize };
}

export const MAX_EXPORT_ROWS = 100_000;

export async function exportSettlementRows(db: Kysely<DB>, actor: Actor, filter: SettlementFilter) {
  const { items } = await listSettlements(db, dataScopeOf(actor), filter, {
    limit: MAX_EXPORT_ROWS,
    offset: 0,
  });
  return items.map(settlementDto);
}

// ------------------------------------------------------------------ settle

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** The Idempotency-Key header: 1–128 visible ASCII characters, or absent. */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | null {
  if (raw === undefined) {
    return null;
  }
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new AppError(
      'VALIDATION_FAILED',
      '请求头 Idempotency-Key 必须是 1–128 个可见 ASCII 字符（建议使用 UUID）',
      { field: 'Idempotency-Key' },
    );
  }
  return value;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/**
 * One-stop settlement of one claim. Idempotent twice over: by Idempotency-Key (same key and body → the same
 * settlement, no write; same key, other body → 409) and by institution + claim number (same content → the same
 * settlement; other content → 409). The hospital level comes from the institution registry. A person not in the
 * caller's registry is settled as an ordinary insured person and labelled so.
 */
export async function createSettlement(
  db: Kysely<DB>,
  ctx: SettlementContext,
  body: TSettlementCreateBody,
  options: { idempotencyKey: string | null; source: SettlementSource },
): Promise<{ created: boolean; dto: Awaited<ReturnType<typeof settlementDetailDto>> }> {
  const id = parseIdOrFail(body.idNumber);
  const institution = await resolveInstitution(db, ctx.actor, body.institutionCode);
  const claimNo = body.claim.claimId.trim();
  if (claimNo === '') {
    throw new AppError('VALIDATION_FAILED', '结算单号（claim.claimId）不能为空', { field: 'claim.claimId' });
  }
  const claim = { ...claimAtInstitution(body.claim, institution), claimId: claimNo };
  const patientName = body.patientName?.trim() || null;
  const requestHash = hashOf({
    idNumber: id.idNumber,
    institutionCode: institution.code,
    claim,
    patientName,
  });
  const scope = dataScopeOf(ctx.actor);
  const key = options.idempotencyKey;

  const replayKey = async () => {
    if (key === null) {
      return null;
    }
    const found = await findIdempotencyKey(db, institution.code, key);
    if (!found) {
      return null;
    }
    if (found.request_hash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_CONFLICT',
        `Idempotency-Key“${key}”已用于另一笔内容不同的结算请求，本次请求未做任何处理；新的结算请使用新的 Idempotency-Key`,
        { field: 'Idempotency-Key', settlementId: found.settlement_id },
      );
    }
    return {
      created: false,
      dto: await settlementDetailDto(db, await loadInScope(db, scope, found.settlement_id)),
    };
  };
  const replayed = await replayKey();
  if (replayed) {
    return replayed;
  }

  let outcome: { created: boolean; settlementId: number | null };
  try {
    outcome = await db.transaction().execute(async (trx) => {
      const insured = await resolveInsured(
        trx,
        ctx.actor,
        { idNumber: id.idNumber, birthDate: id.birthDate, sex: id.sex },
        institution,
        patientName,
      );
      const booked = await bookNewClaim(
        trx,
        ctx,
        { insured, institution, claim, requestHash, source: options.source },
        new PolicyResolver(trx),
      );
      if (key !== null && booked.settlementId !== null) {
        await insertIdempotencyKey(trx, {
          countyCode: insured.ref.countyCode,
          institutionCode: institution.code,
          key,
          requestHash,
          settlementId: booked.settlementId,
        });
      }
      return booked;
    });
  } catch (error) {
    // A concurrent request with the same key or claim number won the race: answer as its retry.
    if (isUniqueViolation(error)) {
      const again =
        (await replayKey()) ?? (await replayClaim(db, scope, institution.code, claimNo, requestHash));
      if (again) {
        return again;
      }
    }
    throw error;
  }
  return {
    created: outcome.created,
    dto: await settlementDetailDto(db, await loadInScope(db, scope, outcome.settlementId as number)),
  };
}

async function replayClaim(
  db: Kysely<DB>,
  scope: DataScope,
  institutionCode: string,
  claimNo: string,
  requestHash: string,
) {
  const existing = await db
    .selectFrom('settlement')
    .select(['id', 'request_hash'])
    .where('institution_code', '=', institutionCode)
    .where('claim_no', '=', claimNo)
    .orderBy('revision', 'desc')
    .executeTakeFirst();
  if (!existing) {
    return null;
  }
  if (existing.request_hash !== requestHash) {
    throw new AppError(
      'IDEMPOTENCY_CONFLICT',
      `结算单号“${claimNo}”已在本机构办理过结算，但本次提交的内容不同；如需更正请使用“更正”功能`,
      { field: 'claim.claimId' },
    );
  }
  return { created: false, dto: await settlementDetailDto(db, await loadInScope(db, scope, existing.id)) };
}

/** Correction (更正) of a settled claim: reversal entry + new revision; later claims of the year re-settled. */
export async function correctSettlement(
  db: Kysely<DB>,
  ctx: SettlementContext,
  id: number,
  body: { claim: TSettlementCreateBody['claim']; reason: string },
) {
  const scope = dataScopeOf(ctx.actor);
  const row = await loadInScope(db, scope, id);
  if (row.status !== 'settled') {
    throw new AppError(
      'CONFLICT',
      `结算单“${row.claim_no}”第 ${row.revision} 版已冲销或已被更正，只能更正当前有效的结算单`,
    );
  }
  const institution = await resolveInstitution(db, ctx.actor, row.institution_code);
  const claim = { ...claimAtInstitution(body.claim, institution), claimId: row.claim_no };
  if (!isIsoDate(claim.dischargeDate) || Number(claim.dischargeDate.slice(0, 4)) !== row.year) {
    throw new AppError(
      'VALIDATION_FAILED',
      `出院（结算）日期（claim.dischargeDate）${String(claim.dischargeDate)} 不在原结算年度 ${row.year} 内：跨年度的更正请先冲销原结算单再重新结算`,
      { field: 'claim.dischargeDate' },
    );
  }
  const insured = insuredOfRow(row);
  const requestHash = hashOf({
    idNumber: row.person_id_number,
    institutionCode: institution.code,
    claim,
    patientName: null,
  });
  const outcome = await db.transaction().execute((trx) =>
    rebookPersonYear(
      trx,
      ctx,
      insured,
      row.year,
      { kind: 'correct', settlementId: row.id, claim, requestHash },
      {
        reason: `结算单 ${row.claim_no} 更正：${body.reason}`,
        runKind: 'claim_correction',
        policies: new PolicyResolver(trx),
      },
    ),
  );
  return settlementDetailDto(db, await loadInScope(db, scope, outcome.settlementId as number));
}

/** Reversal (冲销) of a settled claim: reversal entry; later claims of the year re-settled without it. */
export async function reverseSettlementById(
  db: Kysely<DB>,
  ctx: SettlementContext,
  id: number,
  reason: string,
) {
  const scope = dataScopeOf(ctx.actor);
  const row = await loadInScope(db, scope, id);
  if (row.status !== 'settled') {
    throw new AppError('CONFLICT', `结算单“${row.claim_no}”已冲销，不能重复冲销`);
  }
  await db.transaction().execute((trx) =>
    rebookPersonYear(
      trx,
      ctx,
      insuredOfRow(row),
      row.year,
      { kind: 'reverse', settlementId: row.id },
      {
        reason,
        runKind: 'reversal',
        policies: new PolicyResolver(trx),
      },
    ),
  );
  return settlementDetailDto(db, await loadInScope(db, scope, id));
}

// ------------------------------------------------------------------ what-if of one claim

export async function whatIf(
  db: Kysely<DB>,
  actor: Actor,
  body: { claim: TSettlementClaim; categories: string[]; policySetIds: [number, number] },
) {
  const [a, b] = await Promise.all(body.policySetIds.map((id) => visiblePolicyOrFail(db, actor, id)));
  if (!isIsoDate(body.claim.dischargeDate)) {
    throw new AppError('VALIDATION_FAILED', '出院（结算）日期（claim.dischargeDate）必须是 YYYY-MM-DD 日期', {
      field: 'claim.dischargeDate',
    });
  }
  const year = Number(body.claim.dischargeDate.slice(0, 4));
  try {
    const report = whatIfClaim(
      (a as PolicySetRow).body as TPolicySet,
      (b as PolicySetRow).body as TPolicySet,
      body.claim,
      createAccumulators(year),
      body.categories,
      { isPolicyPeriodChecked: false },
    );
    const strip = ({ nextAccumulators: _n, ...rest }: SettlementResult) => rest;
    return {
      baseline: { policySetId: (a as PolicySetRow).id, ...strip(report.baseline) },
      alternative: { policySetId: (b as PolicySetRow).id, ...strip(report.alternative) },
      delta: report.delta,
    };
  } catch (error) {
    throw error instanceof SettlementError ? settlementError(error) : error;
  }
}
