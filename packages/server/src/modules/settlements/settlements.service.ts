import crypto from 'node:crypto';
import {
  createAccumulators,
  describePolicySetIssues,
  formatBp,
  formatFen,
  isIsoDate,
  listPolicyRegionCandidates,
  maskIdNumber,
  maskName,
  PERSON_CATEGORIES,
  parsePolicySet,
  SettlementError,
  type SettlementResult,
  selectPolicyVersion,
  settleClaim,
  type TPolicySet,
  type TSettlementAccumulators,
  type TSettlementClaim,
  whatIfClaim,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError, forbidden, notFound } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import { categoriesOn, findIdIndex, findPersonInScope } from '../registry/persons.repository.ts';
import { parseIdOrFail } from '../registry/persons.service.ts';
import { rollbackAccumulators } from './accumulator-rollback.ts';
import {
  findByClaimNo,
  findPolicySet,
  findPublishedPolicySets,
  findSettlementInScope,
  insertSettlement,
  listPolicySets,
  listSettlements,
  lockAccumulators,
  type PolicySetRow,
  type SettlementFilter,
  type SettlementRow,
  saveAccumulators,
} from './settlements.repository.ts';
import type { TSettlementCreateBody } from './settlements.schema.ts';

const BASE_LAYERS = new Set(['basic_insurance', 'critical_illness', 'medical_assistance']);

// ------------------------------------------------------------------ policy sets

function policyDto(row: PolicySetRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    regionCode: row.region_code,
    version: row.version,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    status: row.status,
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
    body: row.body as Record<string, unknown>,
  };
}

/** Ancestors (county, city, province) of the caller's region, and the prefix of its descendants. */
function policyVisibility(actor: Actor) {
  const scope = dataScopeOf(actor);
  return { ancestors: listPolicyRegionCandidates(actor.regionCode), prefix: scope.villagePrefix };
}

function isPolicyVisible(actor: Actor, regionCode: string): boolean {
  const { ancestors, prefix } = policyVisibility(actor);
  return ancestors.includes(regionCode) || regionCode.startsWith(prefix);
}

export async function listPolicies(db: Kysely<DB>, actor: Actor) {
  const { ancestors, prefix } = policyVisibility(actor);
  return (await listPolicySets(db, ancestors, prefix)).map(policyDto);
}

async function visiblePolicyOrFail(db: Kysely<DB>, actor: Actor, id: number) {
  const row = await findPolicySet(db, id);
  if (!row || !isPolicyVisible(actor, row.region_code)) {
    throw notFound('政策参数集');
  }
  return row;
}

export async function getPolicy(db: Kysely<DB>, actor: Actor, id: number) {
  return policyDto(await visiblePolicyOrFail(db, actor, id));
}

function parsePolicyOrFail(body: unknown): TPolicySet {
  const parsed = parsePolicySet(body);
  if (!parsed.ok) {
    const lines = describePolicySetIssues(parsed.issues);
    throw new AppError('VALIDATION_FAILED', `政策参数不正确：${lines.slice(0, 5).join('；')}`, parsed.issues);
  }
  const policy = parsed.policy;
  return policy;
}

function assertOwnRegion(actor: Actor, policy: TPolicySet) {
  if (!policy.regionCode.startsWith(dataScopeOf(actor).villagePrefix)) {
    throw forbidden(`政策适用地区（regionCode）“${policy.regionCode}”不在您的管辖范围内`);
  }
}

async function assertVersionFree(db: Kysely<DB>, policy: TPolicySet, exceptId: number | null) {
  const clash = await db
    .selectFrom('policy_set')
    .select('id')
    .where('code', '=', policy.id)
    .where('version', '=', policy.version)
    .executeTakeFirst();
  if (clash && clash.id !== exceptId) {
    throw new AppError(
      'CONFLICT',
      `政策“${policy.id}”第 ${policy.version} 版已存在，请使用新的版本号（version）`,
    );
  }
}

export async function createPolicyDraft(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  body: unknown,
) {
  const policy = parsePolicyOrFail(body);
  assertOwnRegion(actor, policy);
  await assertVersionFree(db, policy, null);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('policy_set')
      .values({
        code: policy.id,
        name: policy.name,
        region_code: policy.regionCode,
        version: policy.version,
        effective_from: policy.effectiveFrom,
        effective_to: policy.effectiveTo,
        status: 'draft',
        body: JSON.stringify(policy),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: 'policy_set.created',
      entityType: 'policy_set',
      entityId: row.id,
      regionCode: policy.regionCode,
      result: 'success',
      detail: { code: policy.id, version: policy.version },
    });
    return policyDto((await findPolicySet(trx, row.id)) as PolicySetRow);
  });
}

function refusePublished(row: PolicySetRow) {
  if (row.status === 'published') {
    throw new AppError('CONFLICT', `政策“${row.name}”第 ${row.version} 版已发布，不能修改；请新建一个版本`);
  }
}

export async function updatePolicyDraft(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: unknown,
) {
  const row = await visiblePolicyOrFail(db, actor, id);
  refusePublished(row);
  const policy = parsePolicyOrFail(body);
  assertOwnRegion(actor, policy);
  await assertVersionFree(db, policy, id);
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('policy_set')
      .set({
        code: policy.id,
        name: policy.name,
        region_code: policy.regionCode,
        version: policy.version,
        effective_from: policy.effectiveFrom,
        effective_to: policy.effectiveTo,
        body: JSON.stringify(policy),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .execute();
    await recordAudit(trx, request, {
      action: 'policy_set.updated',
      entityType: 'policy_set',
      entityId: id,
      regionCode: policy.regionCode,
      result: 'success',
      detail: { code: policy.id, version: policy.version },
    });
    return policyDto((await findPolicySet(trx, id)) as PolicySetRow);
  });
}

export async function publishPolicy(db: Kysely<DB>, request: FastifyRequest, actor: Actor, id: number) {
  const row = await visiblePolicyOrFail(db, actor, id);
  refusePublished(row);
  if (!row.region_code.startsWith(dataScopeOf(actor).villagePrefix)) {
    throw forbidden('只能发布本辖区的政策');
  }
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('policy_set')
      .set({ status: 'published', published_by: actor.userId, published_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, request, {
      action: 'policy_set.published',
      entityType: 'policy_set',
      entityId: id,
      regionCode: row.region_code,
      result: 'success',
      detail: { code: row.code, version: row.version },
    });
    return policyDto((await findPolicySet(trx, id)) as PolicySetRow);
  });
}

// ------------------------------------------------------------------ settlements

/** JSON with sorted keys: the same request always hashes the same. */
function stableStringify(value: unknown): string {
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

function settlementError(error: SettlementError): AppError {
  return new AppError('VALIDATION_FAILED', error.message, {
    field: `claim.${error.field}`,
    code: error.code,
  });
}

export function settlementDto(row: SettlementRow) {
  return {
    id: row.id,
    countyCode: row.county_code,
    personId: row.person_id,
    personNameMasked: maskName(row.person_name),
    idNumberMasked: maskIdNumber(row.person_id_number),
    villageCode: row.person_village_code,
    institutionCode: row.institution_code,
    claimNo: row.claim_no,
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
    categories: row.categories as string[],
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
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function settlementDetailDto(row: SettlementRow) {
  const result = row.result as SettlementResult;
  return {
    ...settlementDto(row),
    layers: result.layers,
    bearer: result.bearer,
    explanation: result.explanation,
    claim: row.claim as Record<string, unknown>,
  };
}

async function loadInScope(db: Kysely<DB>, scope: DataScope, id: number) {
  const row = await findSettlementInScope(db, scope, id);
  if (!row) {
    throw notFound('结算单');
  }
  return row;
}

export async function getSettlement(db: Kysely<DB>, actor: Actor, id: number) {
  return settlementDetailDto(await loadInScope(db, dataScopeOf(actor), id));
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

export async function exportSettlementRows(db: Kysely<DB>, actor: Actor, filter: SettlementFilter) {
  const { items } = await listSettlements(db, dataScopeOf(actor), filter, { limit: 100_000, offset: 0 });
  return items.map(settlementDto);
}

function institutionOf(actor: Actor, requested: string | undefined): string {
  if (actor.institutionCode && requested && requested !== actor.institutionCode) {
    throw forbidden(`您只能为本机构（${actor.institutionCode}）办理结算，不能为机构“${requested}”结算`);
  }
  const code = requested ?? actor.institutionCode;
  if (!code) {
    throw new AppError('INSTITUTION_REQUIRED', '请填写医疗机构编码（institutionCode）');
  }
  return code;
}

/** A claim for the person-year; every amount exact in fen; the settlement, accumulators and audit commit together. */
export async function createSettlement(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  body: TSettlementCreateBody,
): Promise<{ created: boolean; dto: ReturnType<typeof settlementDetailDto> }> {
  const id = parseIdOrFail(body.idNumber);
  const institutionCode = institutionOf(actor, body.institutionCode);
  const claim: TSettlementClaim = body.claim;
  const claimNo = claim.claimId.trim();
  if (claimNo === '') {
    throw new AppError('VALIDATION_FAILED', '结算单号（claim.claimId）不能为空', { field: 'claim.claimId' });
  }
  const requestHash = crypto
    .createHash('sha256')
    .update(stableStringify({ idNumber: id.idNumber, institutionCode, claim }))
    .digest('hex');
  const scope = dataScopeOf(actor);

  const replay = async () => {
    const existing = await findByClaimNo(db, institutionCode, claimNo);
    if (!existing) {
      return null;
    }
    if (existing.request_hash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_CONFLICT',
        `结算单号“${claimNo}”已在本机构办理过结算，但本次提交的内容不同；如需更正请先冲销原结算单`,
        { field: 'claim.claimId' },
      );
    }
    const row = await findSettlementInScope(db, scope, existing.id);
    if (!row) {
      throw notFound('结算单');
    }
    return { created: false, dto: settlementDetailDto(row) };
  };
  const previous = await replay();
  if (previous) {
    return previous;
  }

  const index = await findIdIndex(db, id.idNumber);
  const person = index ? await findPersonInScope(db, scope, index.person_id) : undefined;
  if (!person || person.county_code !== index?.county_code) {
    await recordAudit(db, request, {
      action: 'settlement.created',
      entityType: 'settlement',
      result: 'failure',
      detail: { reason: 'person_not_in_scope', idNumberMasked: maskIdNumber(id.idNumber), claimNo },
    });
    throw notFound(`身份证号 ${maskIdNumber(id.idNumber)} 的人员在本辖区健康扶贫人员库中`);
  }
  if (!isIsoDate(claim.dischargeDate)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `出院（结算）日期（claim.dischargeDate）“${claim.dischargeDate}”必须是 YYYY-MM-DD 日期`,
      {
        field: 'claim.dischargeDate',
      },
    );
  }
  const candidates = listPolicyRegionCandidates(person.village_code);
  const policies = (await findPublishedPolicySets(db, candidates)).map((row) => ({
    regionCode: row.region_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    version: row.version,
    row,
  }));
  const chosen = selectPolicyVersion(policies, person.village_code, claim.dischargeDate);
  if (!chosen) {
    throw new AppError(
      'VALIDATION_FAILED',
      `出院（结算）日期（claim.dischargeDate）${claim.dischargeDate} 没有适用于该参保人所在地区的已发布政策`,
      { field: 'claim.dischargeDate', code: 'CLAIM_OUTSIDE_POLICY_PERIOD' },
    );
  }
  const policy = chosen.row.body as TPolicySet;
  const registryCategories =
    (await categoriesOn(db, person.county_code, [person.id], claim.dischargeDate)).get(person.id) ?? [];
  const categories = registryCategories.filter((c) => (PERSON_CATEGORIES as readonly string[]).includes(c));
  const year = Number(claim.dischargeDate.slice(0, 4));

  try {
    const newId = await db.transaction().execute(async (trx) => {
      const before = (await lockAccumulators(
        trx,
        person.county_code,
        person.id,
        year,
        createAccumulators(year),
      )) as TSettlementAccumulators;
      let result: SettlementResult;
      try {
        result = settleClaim(policy, claim, before, categories);
      } catch (error) {
        throw error instanceof SettlementError ? settlementError(error) : error;
      }
      const layerPaid = (code: string) => result.layers.find((l) => l.code === code)?.paidFen ?? 0;
      const otherFen = result.layers
        .filter((l) => !BASE_LAYERS.has(l.code))
        .reduce((s, l) => s + l.paidFen, 0);
      const { nextAccumulators, ...stored } = result;
      const row = await insertSettlement(trx, {
        county_code: person.county_code,
        person_id: person.id,
        institution_code: institutionCode,
        claim_no: claimNo,
        request_hash: requestHash,
        policy_set_id: chosen.row.id,
        visit_type: claim.visitType,
        institution_level: claim.institutionLevel,
        admission_date: claim.admissionDate,
        discharge_date: claim.dischargeDate,
        year,
        categories: JSON.stringify(categories),
        claim: JSON.stringify(claim),
        result: JSON.stringify({ ...stored, nextAccumulators }),
        accumulators_before: JSON.stringify(before),
        total_fen: result.totalFen,
        basic_fen: layerPaid('basic_insurance'),
        critical_fen: layerPaid('critical_illness'),
        assistance_fen: layerPaid('medical_assistance'),
        other_fen: otherFen,
        self_pay_fen: result.patientPaysFen,
        borne_fen: result.borneByFen,
        in_scope_fen: claim.policyScopeFen,
        in_scope_self_pay_fen: result.patientPolicyScopeFen,
        deposit_waived_fen: result.depositWaivedFen,
        is_treat_first_pay_later:
          claim.treatFirstPayLater && (result.depositWaivedFen > 0 || claim.depositFen === 0),
        created_by: actor.userId,
      });
      await saveAccumulators(trx, person.county_code, person.id, year, nextAccumulators);
      await recordAudit(trx, request, {
        action: 'settlement.created',
        entityType: 'settlement',
        entityId: row.id,
        regionCode: person.village_code,
        result: 'success',
        detail: {
          claimNo,
          institutionCode,
          policySetId: chosen.row.id,
          totalFen: result.totalFen,
          patientPaysFen: result.patientPaysFen,
        },
      });
      return row.id;
    });
    const row = await findSettlementInScope(db, scope, newId);
    return { created: true, dto: settlementDetailDto(row as SettlementRow) };
  } catch (error) {
    // A concurrent request with the same claim number won the race: answer as a retry.
    if (isUniqueViolation(error)) {
      const again = await replay();
      if (again) {
        return again;
      }
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function reverseSettlement(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  reason: string,
) {
  const scope = dataScopeOf(actor);
  const row = await loadInScope(db, scope, id);
  if (row.status !== 'settled') {
    throw new AppError('CONFLICT', `结算单“${row.claim_no}”已冲销，不能重复冲销`);
  }
  await db.transaction().execute(async (trx) => {
    const result = row.result as SettlementResult;
    const current = await lockAccumulators(
      trx,
      row.county_code,
      row.person_id,
      row.year,
      createAccumulators(row.year),
    );
    const changed = await trx
      .updateTable('settlement')
      .set({
        status: 'reversed',
        reversed_reason: reason,
        reversed_by: actor.userId,
        reversed_at: new Date(),
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .where('status', '=', 'settled')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', `结算单“${row.claim_no}”已冲销，不能重复冲销`);
    }
    await saveAccumulators(
      trx,
      row.county_code,
      row.person_id,
      row.year,
      rollbackAccumulators(current, row.accumulators_before, result.nextAccumulators),
    );
    await recordAudit(trx, request, {
      action: 'settlement.reversed',
      entityType: 'settlement',
      entityId: row.id,
      regionCode: row.person_village_code,
      result: 'success',
      detail: { claimNo: row.claim_no, reason, totalFen: row.total_fen },
    });
  });
  return settlementDetailDto(await loadInScope(db, scope, id));
}

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

// ------------------------------------------------------------------ statement

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export async function statementHtml(db: Kysely<DB>, request: FastifyRequest, actor: Actor, id: number) {
  const row = await loadInScope(db, dataScopeOf(actor), id);
  const result = row.result as SettlementResult;
  const yuan = (fen: number) => escapeHtml(formatFen(fen));
  await recordAudit(db, request, {
    action: 'settlement.statement_viewed',
    entityType: 'settlement',
    entityId: row.id,
    regionCode: row.person_village_code,
    result: 'success',
  });
  const layerRows = result.layers
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.label)}</td><td class="n">${yuan(l.baseFen)}</td><td class="n">${yuan(l.deductibleFen)}</td><td class="n">${escapeHtml(formatBp(l.rateBp))}</td><td class="n">${yuan(l.paidFen)}</td></tr>`,
    )
    .join('');
  const lines = result.explanation.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  const reversed = row.status === 'reversed' ? '<p class="void">本结算单已冲销</p>' : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>一站式结算单 ${escapeHtml(row.claim_no)}</title>
<style>@page{size:A4;margin:15mm}body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;font-size:12pt;color:#000}
h1{text-align:center;font-size:18pt}table{width:100%;border-collapse:collapse;margin:8px 0}td,th{border:1px solid #000;padding:4px 6px}
.n{text-align:right}.void{color:#c00;font-weight:bold;text-align:center}.pay{font-size:15pt;font-weight:bold}</style></head><body>
<h1>三重保障一站式结算单</h1>${reversed}
<table><tr><th>结算单号</th><td>${escapeHtml(row.claim_no)}</td><th>医疗机构</th><td>${escapeHtml(row.institution_code)}</td></tr>
<tr><th>姓名</th><td>${escapeHtml(row.person_name)}</td><th>身份证号</th><td>${escapeHtml(maskIdNumber(row.person_id_number))}</td></tr>
<tr><th>入院日期</th><td>${escapeHtml(row.admission_date)}</td><th>出院日期</th><td>${escapeHtml(row.discharge_date)}</td></tr>
<tr><th>适用政策</th><td colspan="3">${escapeHtml(row.policy_name)}（第 ${row.policy_version} 版）</td></tr></table>
<table><thead><tr><th>保障层</th><th>计算基数（元）</th><th>起付线（元）</th><th>比例</th><th>支付金额（元）</th></tr></thead><tbody>${layerRows}
<tr><td>${escapeHtml(result.bearer?.label ?? '超自付上限承担')}</td><td></td><td></td><td></td><td class="n">${yuan(result.borneByFen)}</td></tr>
</tbody></table>
<p>医疗总费用：${yuan(result.totalFen)} 元；免收押金：${yuan(result.depositWaivedFen)} 元</p>
<p class="pay">个人窗口支付：${yuan(result.patientPaysFen)} 元</p>
<h2>计算说明</h2><ol>${lines}</ol>
<p>患者（家属）签字：____________　　经办人：____________　　日期：____________</p>
</body></html>`;
}
