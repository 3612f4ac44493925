import {
  ageOn,
  isIsoDate,
  maskIdNumber,
  maskName,
  normalizeIdInput,
  parseCitizenId,
  REGISTRY_CATEGORY_LABELS,
  type RegistryCategory,
  TREATMENT_STATUS_LABELS,
  type TreatmentStatus,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { type AuditDetails, recordAuditGrouped, recordAuditsGrouped } from '../audit/audit.service.ts';
import { BatchQueue } from '../audit/batch-queue.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import {
  findPolicyFragments,
  type IdentityLookup,
  type IdentityRow,
  lookUpIdentities,
} from './identity-check.repository.ts';
import type { TIdentityBatchBody, TIdentityCheckDto } from './identity-check.schema.ts';
import {
  describeSelfPayCap,
  describeTreatFirstPayLater,
  type IdentityPolicy,
} from './identity-check-benefits.ts';
import { todayInChina } from './registry-support.ts';

/** 四类人员 (domain.md §6): 低保, 特困供养, 重度残疾, 建档立卡 (and 脱贫人口 kept in the policy transition). */
const PRIORITY: ReadonlySet<RegistryCategory> = new Set([
  'poor_registered',
  'poverty_exited',
  'dibao',
  'tekun',
  'severe_disability',
]);

export const MAX_BATCH_ITEMS = 500;

// ------------------------------------------------------------------ lookups, grouped across requests

/**
 * Concurrent single lookups share one statement (see BatchQueue). Two statements at once keep latency low while
 * the lookups arriving meanwhile gather into the next one; more slots only make more, smaller statements.
 */
const LOOKUP_MAX_IN_FLIGHT = 2;
const LOOKUP_MAX_BATCH = 200;
const lookupQueues = new WeakMap<Kysely<DB>, BatchQueue<IdentityLookup, IdentityRow | undefined>>();

function lookupQueueFor(db: Kysely<DB>) {
  let queue = lookupQueues.get(db);
  if (!queue) {
    queue = new BatchQueue<IdentityLookup, IdentityRow | undefined>({
      maxBatchSize: LOOKUP_MAX_BATCH,
      maxInFlight: LOOKUP_MAX_IN_FLIGHT,
      run: async (lookups) => alignRows(lookups.length, await lookUpIdentities(db, lookups)),
    });
    lookupQueues.set(db, queue);
  }
  return queue;
}

function alignRows(count: number, rows: readonly IdentityRow[]): (IdentityRow | undefined)[] {
  const aligned = new Array<IdentityRow | undefined>(count);
  for (const row of rows) {
    aligned[row.ord - 1] = row;
  }
  return aligned;
}

// ------------------------------------------------------------------ published policy parts, cached

/** Published policy sets are immutable (a trigger refuses updates), so their parts are cached by id. */
const policyCaches = new WeakMap<Kysely<DB>, Map<number, IdentityPolicy>>();

async function policiesOf(db: Kysely<DB>, rows: readonly (IdentityRow | undefined)[]) {
  let cache = policyCaches.get(db);
  if (!cache) {
    cache = new Map();
    policyCaches.set(db, cache);
  }
  const missing = new Set<number>();
  for (const row of rows) {
    if (row?.policy_id != null && !cache.has(row.policy_id)) {
      missing.add(row.policy_id);
    }
  }
  if (missing.size > 0) {
    const fragments = await findPolicyFragments(db, [...missing]);
    for (const fragment of fragments) {
      const row = rows.find((r) => r?.policy_id === fragment.id);
      cache.set(fragment.id, {
        id: fragment.id,
        code: row?.policy_code ?? '',
        name: row?.policy_name ?? '',
        version: row?.policy_version ?? 0,
        treatFirstPayLater: fragment.treat_first_pay_later,
        selfPayCap: fragment.self_pay_cap,
      });
    }
  }
  return cache;
}

// ------------------------------------------------------------------ answers

function notFoundDto(idNumber: string, date: string): TIdentityCheckDto {
  const description = '不在本辖区健康扶贫人员库中';
  return {
    idNumberMasked: maskIdNumber(idNumber),
    date,
    found: false,
    nameMasked: null,
    sex: null,
    age: null,
    villageName: null,
    status: null,
    isInsured: null,
    categories: [],
    isPriorityGroup: false,
    treatFirstPayLater: { applies: false, levels: [], visitTypes: [], description },
    selfPayCap: { applies: false, levels: [], visitTypes: [], base: null, description },
    policySet: null,
    familyDoctor: null,
    openTreatmentCases: [],
    message: '未在本辖区健康扶贫人员库中找到此人，按普通患者办理',
  };
}

function toDto(
  idNumber: string,
  date: string,
  row: IdentityRow | undefined,
  policies: ReadonlyMap<number, IdentityPolicy>,
): TIdentityCheckDto {
  if (!row || row.person_id === null || row.name === null || row.birth_date === null) {
    return notFoundDto(idNumber, date);
  }
  const categories = (row.categories ?? []) as RegistryCategory[];
  const policy = row.policy_id === null ? null : (policies.get(row.policy_id) ?? null);
  const statusNote =
    row.status === 'dead'
      ? '（登记为已死亡，请核对身份）'
      : row.status === 'moved_out'
        ? '（登记为已迁出）'
        : '';
  return {
    idNumberMasked: maskIdNumber(idNumber),
    date,
    found: true,
    nameMasked: maskName(row.name),
    sex: row.sex,
    age: ageOn(row.birth_date, date),
    villageName: row.village_name,
    status: row.status,
    isInsured: row.is_insured,
    categories: categories.map((code) => ({ code, label: REGISTRY_CATEGORY_LABELS[code] })),
    isPriorityGroup: categories.some((c) => PRIORITY.has(c)),
    treatFirstPayLater: describeTreatFirstPayLater(policy, categories),
    selfPayCap: describeSelfPayCap(policy, categories),
    policySet: policy ? { code: policy.code, name: policy.name, version: policy.version } : null,
    familyDoctor:
      row.contract_no === null
        ? null
        : {
            teamName: row.team_name ?? '',
            doctorName: row.doctor_name,
            doctorPhone: row.doctor_phone,
            institutionName: row.team_institution,
            contractNo: row.contract_no,
            startDate: row.contract_start ?? '',
            endDate: row.contract_end ?? '',
          },
    openTreatmentCases: (row.cases ?? []).map((c) => ({
      itemCode: c.itemCode,
      itemName: c.itemName,
      status: c.status,
      statusLabel: TREATMENT_STATUS_LABELS[c.status as TreatmentStatus] ?? c.status,
      openedOn: c.openedOn,
    })),
    message:
      (categories.length > 0
        ? `${date}有效身份：${categories.map((c) => REGISTRY_CATEGORY_LABELS[c]).join('、')}`
        : `${date}无有效的扶贫人员类别`) + statusNote,
  };
}

function lookupAudit(
  dto: TIdentityCheckDto,
  row: IdentityRow | undefined,
  extra: Record<string, unknown> = {},
) {
  return {
    action: 'identity.checked',
    entityType: 'person',
    entityId: dto.found ? (row?.person_id ?? null) : null,
    regionCode: dto.found ? (row?.village_code ?? null) : null,
    result: 'success',
    detail: {
      found: dto.found,
      date: dto.date,
      idNumberMasked: dto.idNumberMasked,
      categories: dto.categories.map((c) => c.code),
      ...extra,
    },
  } satisfies AuditDetails;
}

type ParsedItem = { ok: true; idNumber: string; date: string } | { ok: false; code: string; message: string };

function parseItem(raw: string, date: string, today: string, label: string): ParsedItem {
  if (!isIsoDate(date)) {
    return {
      ok: false,
      code: 'DATE_INVALID',
      message: `${label}就诊日期“${String(date).slice(0, 20)}”应为 YYYY-MM-DD 格式的日期`,
    };
  }
  const parsed = parseCitizenId(raw, { today });
  if (!parsed.ok) {
    return { ok: false, code: parsed.code, message: `${label}身份证号“${raw}”无效：${parsed.message}` };
  }
  return { ok: true, idNumber: parsed.value.idNumber, date };
}

/**
 * Hospital identity check (就医身份自动识别) of one ID number on a date (default: today in China): the masked
 * identity, categories valid on that date, 先诊疗后付费 and the self-pay cap under the policy in force, the
 * family doctor and open major-disease cases. Only masked identity leaves the server. The lookup shares one
 * statement with concurrent lookups, and the answer leaves only once its audit row is committed.
 */
export async function checkIdentity(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  query: { idNumber: string; date?: string | undefined },
): Promise<TIdentityCheckDto> {
  const today = todayInChina();
  const date = query.date ?? today;
  const item = parseItem(query.idNumber, date, today, '');
  if (!item.ok) {
    await recordAuditGrouped(db, request, {
      action: 'identity.checked',
      entityType: 'person',
      result: 'failure',
      detail: { reason: 'invalid_id', idNumberMasked: maskIdNumber(normalizeIdInput(query.idNumber)) },
    });
    throw new AppError('VALIDATION_FAILED', item.message, { field: 'idNumber', code: item.code });
  }
  const scope = dataScopeOf(actor);
  const row = await lookupQueueFor(db).push({ idNumber: item.idNumber, date, scope });
  const policies = await policiesOf(db, [row]);
  const dto = toDto(item.idNumber, date, row, policies);
  await recordAuditGrouped(db, request, lookupAudit(dto, row));
  return dto;
}

export type IdentityBatchResult =
  | { index: number; ok: true; result: TIdentityCheckDto }
  | { index: number; ok: false; error: { code: string; message: string } };

/**
 * Identity check of up to 500 ID numbers, each on the batch date or its own: one statement for all valid
 * items, a per-item Chinese error (naming the item number and the reason) for the others, and one audit row
 * per item, all appended together before the answer leaves.
 */
export async function checkIdentityBatch(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  body: TIdentityBatchBody,
) {
  const today = todayInChina();
  const defaultDate = body.date ?? today;
  const scope: DataScope = dataScopeOf(actor);
  const parsed = body.items.map((item, index) => {
    const raw = typeof item === 'string' ? item : item.idNumber;
    const date = typeof item === 'string' ? defaultDate : (item.date ?? defaultDate);
    return parseItem(raw, date, today, `第 ${index + 1} 项：`);
  });
  const valid = parsed.flatMap((item, index) => (item.ok ? [{ index, item }] : []));
  const rows = alignRows(
    valid.length,
    await lookUpIdentities(
      db,
      valid.map(({ item }) => ({ idNumber: item.idNumber, date: item.date, scope })),
    ),
  );
  const policies = await policiesOf(db, rows);
  const results: IdentityBatchResult[] = [];
  const audits: AuditDetails[] = [];
  let validAt = 0;
  parsed.forEach((item, index) => {
    if (!item.ok) {
      results.push({ index, ok: false, error: { code: item.code, message: item.message } });
      const raw = body.items[index];
      audits.push({
        action: 'identity.checked',
        entityType: 'person',
        result: 'failure',
        detail: {
          reason: item.code === 'DATE_INVALID' ? 'invalid_date' : 'invalid_id',
          batchIndex: index,
          idNumberMasked: maskIdNumber(
            normalizeIdInput(typeof raw === 'string' ? raw : (raw?.idNumber ?? '')),
          ),
        },
      });
      return;
    }
    const row = rows[validAt++];
    const dto = toDto(item.idNumber, item.date, row, policies);
    results.push({ index, ok: true, result: dto });
    audits.push(lookupAudit(dto, row, { batchIndex: index }));
  });
  await recordAuditsGrouped(db, request, audits);
  const found = results.filter((r) => r.ok && r.result.found).length;
  const invalid = results.filter((r) => !r.ok).length;
  return {
    date: defaultDate,
    total: results.length,
    found,
    notFound: results.length - found - invalid,
    invalid,
    results,
  };
}
