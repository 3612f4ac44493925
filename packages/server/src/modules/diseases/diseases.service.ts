import {
  chinaDateOf,
  classifyPersonDiseases,
  computeVerificationRate,
  DIAGNOSIS_SOURCE_LABELS,
  DISEASE_LINE_LABELS,
  type DiseaseLine,
  daysWaited,
  EXCLUDED_FROM_RATE_STATUSES,
  type Fen,
  formatFen,
  isRegionWithin,
  listPersonDiseases,
  lookupIcd10,
  maskIdNumber,
  normalizeIcdCode,
  normalizeRegionCode,
  openTreatmentCase,
  pendingVerification,
  ratioBp,
  regionScopePrefix,
  searchIcd10,
  type TClassifiableDiagnosis,
  type TDiseaseCatalog,
  type TDiseaseClassification,
  TREATED_FOR_RATE_STATUSES,
  TREATMENT_OUTCOME_LABELS,
  TREATMENT_STATUS_LABELS,
  type TreatmentOutcome,
  type TreatmentStatus,
  type TTreatmentCase,
  transitionDiagnosisVerification,
  transitionTreatmentCase,
  VERIFICATION_STATUS_LABELS,
  type VerificationStatus,
  ZTreatmentCaseDetails,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import { institutionNames, requireActiveInstitution } from '../institutions/institution-ref.ts';
import { childPrefixLength } from '../shared/region-levels.ts';
import { loadDiseaseCatalogs } from './disease-catalog-store.ts';
import {
  type CaseEventRow,
  type CaseListRow,
  countCasesBy,
  countVerificationBy,
  type DiagnosisListRow,
  type DiagnosisRow,
  findCaseByDisease,
  findCaseInScope,
  findChildRegions,
  findDiagnosisInScope,
  findPersonInScope,
  type IllPersonFilter,
  listCaseEvents,
  listCases,
  listCasesOfPerson,
  listDiagnoses,
  listDiseasesOfPersons,
  listIllPersons,
  listPersonDiagnosisRows,
  type PersonInScope,
} from './diseases.repository.ts';
import type {
  TCaseDto,
  TCaseFilter,
  TDiagnosisCreateBody,
  TDiagnosisDto,
  TDiagnosisFilter,
  ZCaseOpenBody,
  ZCaseStatusBody,
  ZIllPersonDto,
  ZVerifyBody,
} from './diseases.schema.ts';

type Db = Kysely<DB>;
type Page = { page: number; pageSize: number };
const EXPORT_LIMIT = 50_000;

/** Today in China (UTC+8): the module's only reading of the clock. */
export function todayInChina(): string {
  return chinaDateOf(new Date());
}

export type RegionScope = { regionCode: string; scope: DataScope };

/** The caller's scope, or a narrower `region` inside it; a region outside it is refused (403) and audited. */
export async function resolveScope(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  region: string | undefined,
): Promise<RegionScope> {
  if (!region) {
    return { regionCode: actor.regionCode, scope: dataScopeOf(actor) };
  }
  const code = normalizeRegionCode(region);
  if (!code) {
    throw new AppError('VALIDATION_FAILED', `区域代码“${region}”不正确`);
  }
  if (!isRegionWithin(code, actor.regionCode)) {
    await recordAudit(db, request, {
      action: 'access.out_of_scope',
      result: 'denied',
      regionCode: code,
      detail: { url: request.routeOptions.url ?? request.url },
    });
    throw new AppError('OUT_OF_SCOPE', `区域“${region}”不在您的管辖范围内`);
  }
  return {
    regionCode: code,
    scope: dataScopeOf({ regionCode: code, institutionCode: actor.institutionCode }),
  };
}

async function personOrFail(db: Db | Transaction<DB>, scope: DataScope, personId: number) {
  const person = await findPersonInScope(db, scope, personId);
  if (!person) {
    throw new AppError('NOT_FOUND', `人员（编号${personId}）不存在或不在您的管辖范围内`);
  }
  return person;
}

// ------------------------------------------------------------------ ICD-10 and catalogues

export function searchIcd(q: string, limit: number) {
  return searchIcd10(q, limit).map((hit) => ({ ...hit }));
}

// ------------------------------------------------------------------ classification

function classifiable(rows: readonly DiagnosisRow[]): TClassifiableDiagnosis[] {
  return rows.map((row) => ({
    diagnosisId: String(row.id),
    icdCode: row.icd_code,
    name: row.name,
    diagnosedOn: row.diagnosed_on,
    verificationStatus: row.verification_status as VerificationStatus,
  }));
}

function classify(
  person: Pick<PersonInScope, 'id' | 'birth_date' | 'village_code'>,
  rows: readonly DiagnosisRow[],
  catalogs: readonly TDiseaseCatalog[],
): TDiseaseClassification[] {
  return classifyPersonDiseases({
    personId: String(person.id),
    diagnoses: classifiable(rows),
    birthDate: person.birth_date,
    catalogs,
    regionCode: person.village_code,
  });
}

/**
 * Recomputes and stores the classification of every diagnosis of the person (in the caller's transaction),
 * under the catalogue versions in force (shipped and county-published).
 */
export async function reclassifyPerson(
  trx: Transaction<DB>,
  person: Pick<PersonInScope, 'id' | 'county_code' | 'birth_date' | 'village_code'>,
  catalogs?: readonly TDiseaseCatalog[],
): Promise<void> {
  const inForce = catalogs ?? (await loadDiseaseCatalogs(trx)).published;
  const rows = await listPersonDiagnosisRows(trx, person.county_code, person.id);
  const byId = new Map(classify(person, rows, inForce).map((c) => [c.diagnosisId, c]));
  for (const row of rows) {
    const c = byId.get(String(row.id));
    const next = {
      disease_line: c?.line ?? null,
      person_disease_key: c?.personDiseaseKey ?? null,
      item_code: c?.itemCode ?? null,
      item_name: c?.itemName ?? null,
      classification_reason: c?.reason ?? null,
    };
    if (
      row.disease_line === next.disease_line &&
      row.person_disease_key === next.person_disease_key &&
      row.item_code === next.item_code &&
      row.item_name === next.item_name &&
      row.classification_reason === next.classification_reason
    ) {
      continue;
    }
    await trx
      .updateTable('diagnosis')
      .set(next)
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .execute();
  }
}

export async function getClassification(db: Db, scope: DataScope, personId: number) {
  const person = await personOrFail(db, scope, personId);
  const rows = await listPersonDiagnosisRows(db, person.county_code, person.id);
  const classifications = classify(person, rows, (await loadDiseaseCatalogs(db)).published);
  const cases = new Map(
    (await listCasesOfPerson(db, person.county_code, person.id)).map((c) => [c.person_disease_key, c.id]),
  );
  return {
    personId: person.id,
    classifications: classifications.map((c) => ({
      diagnosisId: c.diagnosisId,
      line: c.line,
      lineLabel: DISEASE_LINE_LABELS[c.line],
      catalogCode: c.catalogCode,
      catalogVersion: c.catalogVersion,
      itemCode: c.itemCode,
      itemName: c.itemName,
      reason: c.reason,
      flag: c.flag,
      icdCode: c.icdCode,
      diagnosedOn: c.diagnosedOn,
      personDiseaseKey: c.personDiseaseKey,
    })),
    personDiseases: listPersonDiseases(classifications).map((d) => ({
      personDiseaseKey: d.personDiseaseKey,
      line: d.line,
      lineLabel: DISEASE_LINE_LABELS[d.line],
      itemCode: d.itemCode,
      itemName: d.itemName,
      catalogVersion: d.catalogVersion,
      firstDiagnosedOn: d.firstDiagnosedOn,
      reason: d.reason,
      flag: d.flag,
      diagnosisIds: d.diagnosisIds,
      treatmentCaseId: cases.get(d.personDiseaseKey) ?? null,
    })),
  };
}

// ------------------------------------------------------------------ diagnoses

function diagnosisDto(row: DiagnosisListRow): TDiagnosisDto {
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    idNumberMasked: maskIdNumber(row.id_number),
    villageCode: row.village_code,
    villageName: row.village_name,
    townshipName: row.township_name,
    icdCode: row.icd_code,
    name: row.name,
    isUncoded: row.is_uncoded,
    institution: row.institution,
    diagnosedOn: row.diagnosed_on,
    source: row.source,
    registeredOn: row.registered_on,
    verificationStatus: row.verification_status as VerificationStatus,
    statusDate: row.status_date,
    statusBy: row.status_by,
    reason: row.reason,
    diseaseLine: row.disease_line,
    personDiseaseKey: row.person_disease_key,
    itemCode: row.item_code,
    itemName: row.item_name,
    classificationReason: row.classification_reason,
  };
}

async function diagnosisOrFail(db: Db | Transaction<DB>, scope: DataScope, id: number) {
  const row = await findDiagnosisInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `诊断（编号${id}）不存在或不在您的管辖范围内`);
  }
  return row;
}

/** Code and name of a new diagnosis: a known code fills the name; free text is kept but flagged as uncoded. */
function codeAndName(body: TDiagnosisCreateBody): { icdCode: string | null; name: string } {
  const raw = body.icdCode?.trim() ?? '';
  const name = body.name?.trim() ?? '';
  if (raw === '') {
    if (name === '') {
      throw new AppError('VALIDATION_FAILED', '诊断：请填写ICD编码或诊断名称');
    }
    return { icdCode: null, name };
  }
  const code = normalizeIcdCode(raw);
  if (code === null) {
    throw new AppError(
      'VALIDATION_FAILED',
      `ICD编码“${raw}”格式无效：应为类目（如C16）或带亚目（如C16.900）`,
    );
  }
  const entry = lookupIcd10(code);
  if (name === '' && entry === null) {
    throw new AppError('VALIDATION_FAILED', `ICD编码“${code}”不在编码表中，请填写诊断名称`);
  }
  return { icdCode: entry?.code ?? code, name: name === '' ? (entry?.name ?? '') : name };
}

export async function createDiagnosis(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  personId: number,
  body: TDiagnosisCreateBody,
) {
  const scope = dataScopeOf(actor);
  const person = await personOrFail(db, scope, personId);
  const today = todayInChina();
  if (body.diagnosedOn > today) {
    throw new AppError('VALIDATION_FAILED', `诊断日期${body.diagnosedOn}晚于今天${today}`);
  }
  if (body.diagnosedOn < person.birth_date) {
    throw new AppError('VALIDATION_FAILED', `诊断日期${body.diagnosedOn}早于出生日期${person.birth_date}`);
  }
  const { icdCode, name } = codeAndName(body);
  const pending = pendingVerification(today, actor.username);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('diagnosis')
      .values({
        county_code: person.county_code,
        person_id: person.id,
        icd_code: icdCode,
        name,
        is_uncoded: icdCode === null,
        institution: body.institution?.trim() || null,
        diagnosed_on: body.diagnosedOn,
        source: body.source,
        registered_on: today,
        verification_status: pending.status,
        status_date: pending.statusDate,
        status_by: pending.by,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await reclassifyPerson(trx, person);
    await recordAudit(trx, request, {
      action: 'diagnosis.created',
      entityType: 'diagnosis',
      entityId: row.id,
      regionCode: person.village_code,
      result: 'success',
      detail: { personId: person.id, icdCode, name, source: body.source, isUncoded: icdCode === null },
    });
    return row.id;
  });
  return diagnosisDto(await diagnosisOrFail(db, scope, id));
}

export async function listDiagnosesOfPerson(db: Db, scope: DataScope, personId: number) {
  await personOrFail(db, scope, personId);
  const { rows } = await listDiagnoses(db, scope, { personId }, { limit: 1000, offset: 0 });
  return rows.map(diagnosisDto);
}

export async function listDiagnosesPage(db: Db, scope: DataScope, filter: TDiagnosisFilter, page: Page) {
  const { total, rows } = await listDiagnoses(db, scope, filter, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items: rows.map(diagnosisDto), total, page: page.page, pageSize: page.pageSize };
}

const LINE_LABEL = (line: string | null) => (line ? (DISEASE_LINE_LABELS[line as DiseaseLine] ?? line) : '');

export async function exportDiagnoses(
  db: Db,
  request: FastifyRequest,
  region: RegionScope,
  filter: TDiagnosisFilter,
) {
  const { rows } = await listDiagnoses(db, region.scope, filter, { limit: EXPORT_LIMIT, offset: 0 });
  await recordAudit(db, request, {
    action: 'diagnosis.exported',
    entityType: 'diagnosis',
    regionCode: region.regionCode,
    result: 'success',
    detail: { rows: rows.length, filter },
  });
  return buildXlsx('诊断核准', DIAGNOSIS_COLUMNS, rows.map(diagnosisDto));
}

const DIAGNOSIS_COLUMNS = [
  { header: '乡镇', value: (d: TDiagnosisDto) => d.townshipName },
  { header: '村', value: (d: TDiagnosisDto) => d.villageName },
  { header: '姓名', width: 10, value: (d: TDiagnosisDto) => d.personName },
  { header: '身份证号', width: 22, value: (d: TDiagnosisDto) => d.idNumberMasked },
  { header: 'ICD编码', width: 10, value: (d: TDiagnosisDto) => d.icdCode ?? '未编码' },
  { header: '诊断名称', width: 24, value: (d: TDiagnosisDto) => d.name },
  { header: '诊断机构', width: 20, value: (d: TDiagnosisDto) => d.institution },
  { header: '诊断日期', width: 12, value: (d: TDiagnosisDto) => d.diagnosedOn },
  {
    header: '来源',
    width: 10,
    value: (d: TDiagnosisDto) => DIAGNOSIS_SOURCE_LABELS[d.source as keyof typeof DIAGNOSIS_SOURCE_LABELS],
  },
  {
    header: '核准状态',
    width: 12,
    value: (d: TDiagnosisDto) => VERIFICATION_STATUS_LABELS[d.verificationStatus],
  },
  { header: '核准日期', width: 12, value: (d: TDiagnosisDto) => d.statusDate },
  { header: '核准人', width: 12, value: (d: TDiagnosisDto) => d.statusBy },
  { header: '原因', width: 20, value: (d: TDiagnosisDto) => d.reason },
  { header: '三个一批', width: 20, value: (d: TDiagnosisDto) => LINE_LABEL(d.diseaseLine) },
  { header: '病种', width: 16, value: (d: TDiagnosisDto) => d.itemName },
];

export async function verifyDiagnosis(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: z.infer<typeof ZVerifyBody>,
) {
  const scope = dataScopeOf(actor);
  const row = await diagnosisOrFail(db, scope, id);
  const from = row.verification_status as VerificationStatus;
  const result = transitionDiagnosisVerification(
    { status: from, statusDate: row.status_date, by: row.status_by, reason: row.reason },
    {
      to: body.to,
      date: body.date ?? todayInChina(),
      reason: body.reason,
      actorRole: actor.role,
      by: actor.displayName || actor.username,
    },
  );
  if (!result.ok) {
    throw new AppError(
      result.error.code === 'ROLE_NOT_ALLOWED' ? 'FORBIDDEN' : 'BAD_REQUEST',
      `诊断“${row.name}”（${row.person_name}）的${result.error.message}`,
      { code: result.error.code },
    );
  }
  const next = result.value;
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('diagnosis')
      .set({
        verification_status: next.status,
        status_date: next.statusDate,
        status_by: next.by,
        reason: next.reason,
        verified_by: actor.userId,
        verified_at: new Date(),
        updated_at: new Date(),
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .where('verification_status', '=', from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', `诊断“${row.name}”的核准状态已被他人修改，请刷新后重试`);
    }
    const person = await personOrFail(trx, scope, row.person_id);
    await reclassifyPerson(trx, person);
    await recordAudit(trx, request, {
      action: 'diagnosis.verification_changed',
      entityType: 'diagnosis',
      entityId: row.id,
      regionCode: row.village_code,
      result: 'success',
      detail: { personId: row.person_id, from, to: next.status, date: next.statusDate, reason: next.reason },
    });
  });
  return diagnosisDto(await diagnosisOrFail(db, scope, id));
}

// ------------------------------------------------------------------ rates by region

async function childGroups(db: Db, regionCode: string) {
  const prefix = regionScopePrefix(regionCode);
  const childLength = childPrefixLength(prefix);
  const children =
    prefix.length >= 12 ? [] : await findChildRegions(db, regionCode.padEnd(12, '0').slice(0, 12));
  return { childLength, children };
}

export async function verificationRates(
  db: Db,
  region: RegionScope,
  period: { from?: string | undefined; to?: string | undefined },
) {
  const to = period.to ?? todayInChina();
  const from = period.from ?? '1900-01-01';
  const { childLength, children } = await childGroups(db, region.regionCode);
  const counts = await countVerificationBy(db, region.scope, childLength, { from, to });
  const byKey = new Map(counts.map((c) => [c.group_key, c]));
  const rateOf = (c: { pending: number; verified: number; rejected: number } | undefined) =>
    computeVerificationRate({
      pending: c?.pending ?? 0,
      verified: c?.verified ?? 0,
      rejected: c?.rejected ?? 0,
    });
  const total = rateOf({
    pending: counts.reduce((s, c) => s + c.pending, 0),
    verified: counts.reduce((s, c) => s + c.verified, 0),
    rejected: counts.reduce((s, c) => s + c.rejected, 0),
  });
  return {
    regionCode: region.regionCode,
    from,
    to,
    total,
    children: children.map((child) => ({
      code: child.code,
      name: child.name,
      ...rateOf(byKey.get(child.code.slice(0, childLength))),
    })),
  };
}

type RateAcc = { treated: number; base: number; waiting: number };

function addStatus(acc: RateAcc, status: string, n: number): void {
  if (EXCLUDED_FROM_RATE_STATUSES.includes(status as TreatmentStatus)) {
    return;
  }
  acc.base += n;
  if (TREATED_FOR_RATE_STATUSES.includes(status as TreatmentStatus)) {
    acc.treated += n;
  }
  if (status === 'waiting') {
    acc.waiting += n;
  }
}

const withRate = (acc: RateAcc) => ({ ...acc, rateBp: ratioBp(acc.treated, acc.base) });

export async function treatmentRates(db: Db, region: RegionScope) {
  const { childLength, children } = await childGroups(db, region.regionCode);
  const rows = await countCasesBy(db, region.scope, childLength);
  const empty = (): RateAcc => ({ treated: 0, base: 0, waiting: 0 });
  const total = empty();
  const byGroup = new Map<string, RateAcc>();
  const byDisease = new Map<string, RateAcc & { name: string }>();
  for (const row of rows) {
    addStatus(total, row.status, row.n);
    const group = byGroup.get(row.group_key) ?? empty();
    byGroup.set(row.group_key, group);
    addStatus(group, row.status, row.n);
    const key = row.item_code ?? '';
    const disease = byDisease.get(key) ?? { ...empty(), name: row.item_name ?? '未归类' };
    byDisease.set(key, disease);
    addStatus(disease, row.status, row.n);
  }
  return {
    regionCode: region.regionCode,
    total: withRate(total),
    children: children.map((child) => ({
      code: child.code,
      name: child.name,
      ...withRate(byGroup.get(child.code.slice(0, childLength)) ?? empty()),
    })),
    byDisease: [...byDisease].map(([code, acc]) => ({
      code,
      name: acc.name,
      ...withRate({ treated: acc.treated, base: acc.base, waiting: acc.waiting }),
    })),
  };
}

// ------------------------------------------------------------------ treatment ledger

function ledgerOf(row: CaseListRow, events: readonly CaseEventRow[]): TTreatmentCase {
  return {
    status: row.status as TreatmentStatus,
    statusDate: row.status_date,
    reason: row.reason,
    outcome: row.outcome as TreatmentOutcome | null,
    history: events.map((e) => ({
      status: e.status as TreatmentStatus,
      date: e.event_date,
      reason: e.reason,
      outcome: e.outcome as TreatmentOutcome | null,
    })),
  };
}

/** Names of the institutions the cases name as 定点医院. */
function hospitalNamesOf(db: Db, rows: readonly Pick<CaseListRow, 'details'>[]) {
  return institutionNames(
    db,
    rows.map((r) => designatedHospitalCodeOf(r.details)).filter((c) => c !== null),
  );
}

function designatedHospitalCodeOf(details: unknown): string | null {
  const code = (details as Record<string, unknown> | null)?.designatedHospitalCode;
  return typeof code === 'string' && code.trim() !== '' ? code : null;
}

function caseDto(
  row: CaseListRow,
  events: readonly CaseEventRow[],
  today: string,
  hospitalNames: ReadonlyMap<string, string>,
): TCaseDto {
  const ledger = ledgerOf(row, events);
  const hospitalCode = designatedHospitalCodeOf(row.details);
  const asOf = today < row.status_date ? row.status_date : today;
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    idNumberMasked: maskIdNumber(row.id_number),
    villageCode: row.village_code,
    villageName: row.village_name,
    townshipName: row.township_name,
    personDiseaseKey: row.person_disease_key,
    itemCode: row.item_code,
    itemName: row.item_name,
    openedOn: row.opened_on,
    status: ledger.status,
    statusDate: row.status_date,
    reason: row.reason,
    outcome: row.outcome,
    details: (row.details ?? {}) as Record<string, unknown>,
    designatedHospital:
      hospitalCode === null ? null : { code: hospitalCode, name: hospitalNames.get(hospitalCode) ?? null },
    daysWaited: events.length === 0 ? 0 : daysWaited(ledger, asOf),
  };
}

async function caseDtos(db: Db, rows: readonly CaseListRow[]) {
  const events = await listCaseEvents(
    db,
    rows.map((r) => r.county_code),
    rows.map((r) => r.id),
  );
  const byCase = new Map<string, CaseEventRow[]>();
  for (const e of events) {
    const key = `${e.county_code}:${e.case_id}`;
    byCase.set(key, [...(byCase.get(key) ?? []), e]);
  }
  const today = todayInChina();
  const hospitalNames = await hospitalNamesOf(db, rows);
  return rows.map((r) => ({
    dto: caseDto(r, byCase.get(`${r.county_code}:${r.id}`) ?? [], today, hospitalNames),
    row: r,
  }));
}

async function caseOrFail(db: Db | Transaction<DB>, scope: DataScope, id: number) {
  const row = await findCaseInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `救治病例（编号${id}）不存在或不在您的管辖范围内`);
  }
  return row;
}

export async function getCase(db: Db, scope: DataScope, id: number) {
  const row = await caseOrFail(db, scope, id);
  const events = await listCaseEvents(db, [row.county_code], [row.id]);
  return {
    ...caseDto(row, events, todayInChina(), await hospitalNamesOf(db, [row])),
    history: events.map((e) => ({
      status: e.status as TreatmentStatus,
      date: e.event_date,
      reason: e.reason,
      outcome: e.outcome,
      by: e.created_by_name,
    })),
  };
}

/**
 * A 定点医院 chosen for a case (四定: the hospital is fixed per disease) must be an active institution designated for
 * the case's disease (medical_institution.designated_disease_codes). Returns the details with the code as stored.
 */
async function withDesignatedHospital(
  db: Db,
  details: Record<string, unknown>,
  disease: { itemCode: string | null; itemName: string | null },
  what: string,
): Promise<Record<string, unknown>> {
  const code = designatedHospitalCodeOf(details);
  if (code === null) {
    return details;
  }
  const hospital = await requireActiveInstitution(db, code, `${what}：定点医院`);
  if (disease.itemCode !== null && !hospital.designatedDiseases.includes(disease.itemCode)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${what}：${hospital.name}（${hospital.code}）不是“${disease.itemName ?? disease.itemCode}”的定点医院，请选择该病种的定点医院（见“医疗机构”的定点病种）`,
    );
  }
  return { ...details, designatedHospitalCode: hospital.code };
}

function checkDetails(details: Record<string, unknown>, what: string) {
  const hospital = details.designatedHospitalCode;
  if (typeof hospital !== 'string' || hospital.trim() === '') {
    throw new AppError('VALIDATION_FAILED', `${what}：定点医院不能为空`);
  }
  const parsed = ZTreatmentCaseDetails.safeParse(details);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => i.message).join('；');
    throw new AppError('VALIDATION_FAILED', `${what}：${message}`);
  }
}

/** Opens the ledger case of a 大病集中救治 person-disease; opening it again returns the existing case. */
export async function openCase(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  body: z.infer<typeof ZCaseOpenBody>,
): Promise<{ created: boolean; value: Awaited<ReturnType<typeof getCase>> }> {
  const scope = dataScopeOf(actor);
  const person = await personOrFail(db, scope, body.personId);
  const existing = await findCaseByDisease(db, person.county_code, person.id, body.personDiseaseKey);
  if (existing) {
    return { created: false, value: await getCase(db, scope, existing.id) };
  }
  const rows = await listPersonDiagnosisRows(db, person.county_code, person.id);
  const disease = listPersonDiseases(classify(person, rows, (await loadDiseaseCatalogs(db)).published)).find(
    (d) => d.personDiseaseKey === body.personDiseaseKey,
  );
  if (!disease || disease.line !== 'major_treatment') {
    throw new AppError(
      'BAD_REQUEST',
      `${person.name}的疾病“${disease?.itemName ?? body.personDiseaseKey}”未纳入大病集中救治（需有已核准的大病诊断），不能建立救治台账`,
    );
  }
  const openedOn = body.openedOn ?? todayInChina();
  if (openedOn > todayInChina()) {
    throw new AppError('VALIDATION_FAILED', `建档日期${openedOn}晚于今天`);
  }
  const ledger = openTreatmentCase(openedOn);
  const details = await withDesignatedHospital(
    db,
    body.details ?? {},
    disease,
    `${person.name}的“${disease.itemName ?? disease.personDiseaseKey}”救治病例`,
  );
  const id = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('treatment_case')
      .values({
        county_code: person.county_code,
        person_id: person.id,
        person_disease_key: disease.personDiseaseKey,
        item_code: disease.itemCode,
        item_name: disease.itemName,
        first_diagnosis_id: Number(disease.firstDiagnosisId),
        opened_on: openedOn,
        status: ledger.status,
        status_date: ledger.statusDate,
        details: JSON.stringify(details),
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.columns(['county_code', 'person_id', 'person_disease_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      return null;
    }
    await trx
      .insertInto('treatment_case_event')
      .values({
        county_code: person.county_code,
        case_id: inserted.id,
        status: ledger.status,
        event_date: openedOn,
        details: JSON.stringify(details),
        created_by: actor.userId,
        created_by_name: actor.displayName || actor.username,
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'treatment_case.opened',
      entityType: 'treatment_case',
      entityId: inserted.id,
      regionCode: person.village_code,
      result: 'success',
      detail: { personId: person.id, personDiseaseKey: disease.personDiseaseKey, openedOn },
    });
    return inserted.id;
  });
  if (id === null) {
    const raced = await findCaseByDisease(db, person.county_code, person.id, body.personDiseaseKey);
    return { created: false, value: await getCase(db, scope, raced?.id ?? 0) };
  }
  return { created: true, value: await getCase(db, scope, id) };
}

export async function changeCaseStatus(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: z.infer<typeof ZCaseStatusBody>,
) {
  const scope = dataScopeOf(actor);
  const row = await caseOrFail(db, scope, id);
  const events = await listCaseEvents(db, [row.county_code], [row.id]);
  const what = `${row.person_name}的“${row.item_name ?? row.person_disease_key}”救治病例`;
  if (body.date > todayInChina()) {
    throw new AppError('VALIDATION_FAILED', `${what}：变更日期${body.date}晚于今天`);
  }
  const result = transitionTreatmentCase(ledgerOf(row, events), {
    to: body.to,
    date: body.date,
    reason: body.reason,
    outcome: body.outcome,
  });
  if (!result.ok) {
    throw new AppError('BAD_REQUEST', `${what}：${result.error.message}`, { code: result.error.code });
  }
  // A hospital chosen now is checked; one stored before the check existed stays as it is until changed.
  const changes = await withDesignatedHospital(
    db,
    body.details ?? {},
    { itemCode: row.item_code, itemName: row.item_name },
    what,
  );
  const details = { ...((row.details ?? {}) as Record<string, unknown>), ...changes };
  if (body.to === 'treating' || body.to === 'treated') {
    checkDetails(details, `${what}变更为“${TREATMENT_STATUS_LABELS[body.to]}”前须填写救治信息`);
  }
  const next = result.value;
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('treatment_case')
      .set({
        status: next.status,
        status_date: next.statusDate,
        reason: next.reason,
        outcome: next.outcome,
        details: JSON.stringify(details),
        updated_at: new Date(),
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', `${what}的状态已被他人修改，请刷新后重试`);
    }
    await trx
      .insertInto('treatment_case_event')
      .values({
        county_code: row.county_code,
        case_id: row.id,
        status: next.status,
        event_date: next.statusDate,
        reason: next.reason,
        outcome: next.outcome,
        details: body.details ? JSON.stringify(body.details) : null,
        created_by: actor.userId,
        created_by_name: actor.displayName || actor.username,
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'treatment_case.status_changed',
      entityType: 'treatment_case',
      entityId: row.id,
      regionCode: row.village_code,
      result: 'success',
      detail: {
        personId: row.person_id,
        from: row.status,
        to: next.status,
        date: next.statusDate,
        reason: next.reason,
        outcome: next.outcome,
      },
    });
  });
  return getCase(db, scope, id);
}

export async function listCasesPage(db: Db, scope: DataScope, filter: TCaseFilter, page: Page) {
  const { total, rows } = await listCases(db, scope, filter, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return {
    items: (await caseDtos(db, rows)).map((r) => r.dto),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}

export async function exportCases(db: Db, request: FastifyRequest, region: RegionScope, filter: TCaseFilter) {
  const { rows } = await listCases(db, region.scope, filter, { limit: EXPORT_LIMIT, offset: 0 });
  await recordAudit(db, request, {
    action: 'treatment_case.exported',
    entityType: 'treatment_case',
    regionCode: region.regionCode,
    result: 'success',
    detail: { rows: rows.length, filter },
  });
  const dtos = (await caseDtos(db, rows)).map((r) => r.dto);
  const detail = (c: TCaseDto, key: string) => {
    const value = c.details[key];
    return typeof value === 'string' || typeof value === 'number' ? value : null;
  };
  return buildXlsx(
    '救治台账',
    [
      { header: '乡镇', value: (c: TCaseDto) => c.townshipName },
      { header: '村', value: (c) => c.villageName },
      { header: '姓名', width: 10, value: (c) => c.personName },
      { header: '身份证号', width: 22, value: (c) => c.idNumberMasked },
      { header: '病种', width: 18, value: (c) => c.itemName },
      { header: '建档日期', width: 12, value: (c) => c.openedOn },
      { header: '救治状态', width: 14, value: (c) => TREATMENT_STATUS_LABELS[c.status] },
      { header: '状态日期', width: 12, value: (c) => c.statusDate },
      { header: '已等待天数', width: 10, value: (c) => c.daysWaited },
      { header: '原因', width: 20, value: (c) => c.reason },
      {
        header: '救治结果',
        width: 10,
        value: (c) => (c.outcome ? TREATMENT_OUTCOME_LABELS[c.outcome as TreatmentOutcome] : null),
      },
      {
        header: '定点医院',
        width: 24,
        value: (c) =>
          c.designatedHospital &&
          (c.designatedHospital.name
            ? `${c.designatedHospital.name}（${c.designatedHospital.code}）`
            : c.designatedHospital.code),
      },
      { header: '专家组', width: 16, value: (c) => detail(c, 'expertGroup') },
      { header: '临床路径', width: 16, value: (c) => detail(c, 'clinicalPathway') },
      {
        header: '费用定额（元）',
        width: 14,
        value: (c) => {
          const fen = detail(c, 'costQuotaFen');
          return typeof fen === 'number' ? formatFen(fen as Fen) : null;
        },
      },
    ],
    dtos,
  );
}

// ------------------------------------------------------------------ who is ill with what

/** Persons with verified or pending diagnoses (by village and household), each with every disease. */
export async function listIllPersonsPage(
  db: Db,
  scope: DataScope,
  filter: IllPersonFilter,
  page: Page,
): Promise<{ items: z.infer<typeof ZIllPersonDto>[]; total: number; page: number; pageSize: number }> {
  const { total, rows } = await listIllPersons(db, scope, filter, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  const byCounty = new Map<string, number[]>();
  for (const row of rows) {
    byCounty.set(row.county_code, [...(byCounty.get(row.county_code) ?? []), row.id]);
  }
  const diseases = (
    await Promise.all([...byCounty].map(([county, ids]) => listDiseasesOfPersons(db, county, ids)))
  ).flat();
  return {
    items: rows.map((row) => ({
      personId: row.id,
      name: row.name,
      sex: row.sex,
      birthDate: row.birth_date,
      villageCode: row.village_code,
      villageName: row.village_name,
      townshipName: row.township_name,
      householdId: row.household_id,
      householdNo: row.household_no,
      diseases: diseases
        .filter((d) => d.person_id === row.id)
        .map((d) => ({
          diagnosisId: d.id,
          icdCode: d.icd_code,
          name: d.name,
          diagnosedOn: d.diagnosed_on,
          verificationStatus: d.verification_status as VerificationStatus,
          line: d.disease_line as DiseaseLine | null,
          itemName: d.item_name,
          caseId: d.case_id,
          caseStatus: d.case_status as TreatmentStatus | null,
        })),
    })),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}
