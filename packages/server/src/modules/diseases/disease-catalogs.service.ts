import {
  CATALOG_KIND_LABELS,
  CATALOG_STATUS_LABELS,
  type CatalogEditResult,
  can,
  classifyPersonDiseases,
  DISEASE_LINE_LABELS,
  type DiseaseLine,
  deriveCatalogDraft,
  diffClassifications,
  isRegionWithin,
  publishCatalogDraft,
  regionScopePrefix,
  removeCatalogItem,
  resolveCatalogItems,
  reviseCatalogDraft,
  type TCatalogItem,
  type TDiseaseCatalog,
  type TDiseaseClassification,
  upsertCatalogItem,
  type VerificationStatus,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import { type CatalogSet, catalogOfRow, loadDiseaseCatalogs } from './disease-catalog-store.ts';
import {
  type CatalogRow,
  findCatalogRow,
  listDiagnosesForReclassification,
  listRunChanges,
  listRuns,
  type ReclassificationRow,
} from './disease-catalogs.repository.ts';
import type {
  TCatalogSummaryDto,
  TReclassificationDto,
  ZDraftCreateBody,
  ZDraftPatchBody,
  ZPublishBody,
} from './disease-catalogs.schema.ts';
import { todayInChina } from './diseases.service.ts';

type Db = Kysely<DB>;
type Page = { page: number; pageSize: number };

const lineLabel = (line: string | null) =>
  line === null ? '（无）' : DISEASE_LINE_LABELS[line as DiseaseLine];

function itemDto(item: TCatalogItem) {
  return {
    code: item.code,
    name: item.name,
    icdPatterns: [...item.icdPatterns],
    minAge: item.ageRule?.minAge ?? null,
    maxAge: item.ageRule?.maxAge ?? null,
  };
}

function canEditRow(actor: Actor, row: CatalogRow | null): boolean {
  return (
    row !== null &&
    row.status === 'draft' &&
    can(actor.role, 'policies.manage') &&
    isRegionWithin(row.region_code, actor.regionCode)
  );
}

async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

function summaryOf(
  catalog: TDiseaseCatalog,
  row: CatalogRow | null,
  actor: Actor,
  names: Map<string, string>,
): TCatalogSummaryDto {
  return {
    code: catalog.code,
    name: catalog.name,
    kind: catalog.kind,
    kindLabel: CATALOG_KIND_LABELS[catalog.kind],
    version: catalog.version,
    effectiveFrom: catalog.effectiveFrom,
    effectiveTo: catalog.effectiveTo ?? null,
    extends: catalog.extends ?? null,
    regionCode: catalog.regionCode ?? null,
    status: catalog.status,
    statusLabel: CATALOG_STATUS_LABELS[catalog.status],
    publishedOn: catalog.publishedOn ?? null,
    publishedBy: catalog.publishedBy ?? null,
    items: catalog.items.map(itemDto),
    source: row === null ? 'builtin' : 'local',
    basedOn: row?.based_on ?? null,
    regionName: catalog.regionCode ? (names.get(catalog.regionCode) ?? catalog.regionCode) : null,
    canEdit: canEditRow(actor, row),
  };
}

/** Visible catalogues: every published version, and the drafts of the caller's region (editors only). */
function visible(set: CatalogSet, actor: Actor) {
  const drafts = can(actor.role, 'policies.manage')
    ? set.drafts.filter((d) => isRegionWithin(d.row.region_code, actor.regionCode))
    : [];
  return [
    ...set.published.map((catalog) => ({ catalog, row: set.rows.get(catalog.code) ?? null })),
    ...drafts.map((d) => ({ catalog: d.catalog, row: d.row as CatalogRow | null })),
  ];
}

export async function listCatalogSummaries(db: Db, actor: Actor) {
  const set = await loadDiseaseCatalogs(db);
  const entries = visible(set, actor);
  const names = await regionNames(
    db,
    entries.map((e) => e.catalog.regionCode).filter((c): c is string => c !== undefined),
  );
  return entries.map((e) => summaryOf(e.catalog, e.row, actor, names));
}

async function catalogEntry(db: Db | Transaction<DB>, actor: Actor, code: string) {
  const set = await loadDiseaseCatalogs(db);
  const entry = visible(set, actor).find((e) => e.catalog.code === code);
  if (!entry) {
    throw new AppError('NOT_FOUND', `病种目录“${code}”不存在或不在您的管辖范围内`);
  }
  return { ...entry, set };
}

function problemsOf(catalog: TDiseaseCatalog, set: CatalogSet): string[] {
  if (catalog.status !== 'draft') {
    return [];
  }
  const published = set.published.filter((c) => c.code !== catalog.code);
  const result = publishCatalogDraft(catalog, published, {
    publishedOn: todayInChina(),
    publishedBy: '校验',
  });
  return result.ok ? [] : result.error.messages;
}

export async function getCatalogDetail(db: Db, actor: Actor, code: string) {
  const { catalog, row, set } = await catalogEntry(db, actor, code);
  const names = await regionNames(db, catalog.regionCode ? [catalog.regionCode] : []);
  let resolved: TCatalogItem[] = catalog.items;
  try {
    resolved = resolveCatalogItems(catalog, [...set.published, ...set.drafts.map((d) => d.catalog)]);
  } catch {
    // Reported in `problems` below.
  }
  const own = new Set(catalog.items.map((item) => item.code));
  const runs = row ? await listRuns(db, dataScopeOf(actor), code) : [];
  return {
    ...summaryOf(catalog, row, actor, names),
    resolvedItems: resolved.map((item) => ({ ...itemDto(item), isInherited: !own.has(item.code) })),
    problems: problemsOf(catalog, set),
    runs: runs.map((r) => ({
      id: r.id,
      countyCode: r.county_code,
      persons: r.persons,
      diagnoses: r.diagnoses,
      moves: r.moves,
      changes: r.changes,
      appliedBy: r.applied_by_name,
      appliedAt: r.applied_at.toISOString(),
    })),
  };
}

function refuse(result: CatalogEditResult & { ok: false }): never {
  const status = result.error.code === 'CATALOG_PUBLISHED' || result.error.code === 'CATALOG_NOT_DRAFT';
  throw new AppError(status ? 'CONFLICT' : 'VALIDATION_FAILED', result.error.messages.join('；'), {
    code: result.error.code,
    messages: result.error.messages,
  });
}

async function editableDraft(db: Db | Transaction<DB>, actor: Actor, code: string) {
  const row = await findCatalogRow(db, code);
  if (!row || !isRegionWithin(row.region_code, actor.regionCode)) {
    const isBuiltin = (await loadDiseaseCatalogs(db)).published.some((c) => c.code === code);
    throw new AppError(
      isBuiltin ? 'CONFLICT' : 'NOT_FOUND',
      isBuiltin
        ? `病种目录“${code}”为国家或省发布的版本，不能修改；如需调整，请以它为基础新建草稿`
        : `病种目录“${code}”不存在或不在您的管辖范围内`,
    );
  }
  const catalog = catalogOfRow(row);
  if (row.status !== 'draft') {
    refuse(reviseCatalogDraft(catalog, {}) as CatalogEditResult & { ok: false });
  }
  return { row, catalog };
}

async function saveDraft(
  db: Db,
  request: FastifyRequest,
  row: CatalogRow,
  next: TDiseaseCatalog,
  action: string,
  detail: Record<string, unknown>,
) {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('disease_catalog')
      .set({
        name: next.name,
        version: next.version,
        effective_from: next.effectiveFrom,
        effective_to: next.effectiveTo ?? null,
        items: JSON.stringify(next.items),
        updated_at: new Date(),
      })
      .where('code', '=', row.code)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', `病种目录“${row.name}”已发布或已被删除，请刷新后重试`);
    }
    await recordAudit(trx, request, {
      action,
      entityType: 'disease_catalog',
      entityId: row.code,
      regionCode: row.region_code,
      result: 'success',
      detail,
    });
  });
}

export async function createDraft(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  body: z.infer<typeof ZDraftCreateBody>,
) {
  const set = await loadDiseaseCatalogs(db);
  const source = set.published.find((c) => c.code === body.sourceCode);
  if (!source) {
    throw new AppError('VALIDATION_FAILED', `基础目录“${body.sourceCode}”不存在或尚未发布`);
  }
  if (set.rows.has(body.code) || set.published.some((c) => c.code === body.code)) {
    throw new AppError('CONFLICT', `目录编码“${body.code}”已被使用`);
  }
  if (
    source.regionCode &&
    !isRegionWithin(actor.regionCode, source.regionCode) &&
    !isRegionWithin(source.regionCode, actor.regionCode)
  ) {
    throw new AppError('OUT_OF_SCOPE', `基础目录“${source.name}”不属于您的管辖范围`);
  }
  const regionCode = actor.regionCode;
  const seed = { code: body.code, name: body.name, version: body.version, effectiveFrom: body.effectiveFrom };
  const draft: TDiseaseCatalog =
    body.mode === 'copy'
      ? {
          ...deriveCatalogDraft(source, seed),
          regionCode,
          ...(body.effectiveTo ? { effectiveTo: body.effectiveTo } : {}),
        }
      : {
          ...seed,
          kind: source.kind,
          extends: source.code,
          regionCode,
          items: [],
          status: 'draft',
          ...(body.effectiveTo ? { effectiveTo: body.effectiveTo } : {}),
        };
  if (body.mode === 'copy' && draft.extends === undefined && draft.items.length === 0) {
    throw new AppError('VALIDATION_FAILED', `基础目录“${source.name}”没有病种，无法复制`);
  }
  const checked = reviseCatalogDraft(draft, {});
  if (!checked.ok) {
    refuse(checked);
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('disease_catalog')
      .values({
        code: draft.code,
        name: draft.name,
        kind: draft.kind,
        version: draft.version,
        effective_from: draft.effectiveFrom,
        effective_to: draft.effectiveTo ?? null,
        extends: draft.extends ?? null,
        region_code: regionCode,
        based_on: source.code,
        status: 'draft',
        items: JSON.stringify(draft.items),
        created_by: actor.userId,
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'disease_catalog.draft_created',
      entityType: 'disease_catalog',
      entityId: draft.code,
      regionCode,
      result: 'success',
      detail: {
        mode: body.mode,
        sourceCode: source.code,
        version: draft.version,
        effectiveFrom: draft.effectiveFrom,
      },
    });
  });
  return getCatalogDetail(db, actor, draft.code);
}

export async function reviseDraft(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  code: string,
  body: z.infer<typeof ZDraftPatchBody>,
) {
  const { row, catalog } = await editableDraft(db, actor, code);
  const { effectiveTo, ...rest } = body;
  const changes = {
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(effectiveTo === undefined ? {} : { effectiveTo: effectiveTo ?? undefined }),
  };
  const result = reviseCatalogDraft(catalog, changes);
  if (!result.ok) {
    refuse(result);
  }
  await saveDraft(db, request, row, result.value, 'disease_catalog.draft_revised', { changes: body });
  return getCatalogDetail(db, actor, code);
}

export async function upsertItem(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  code: string,
  item: TCatalogItem,
) {
  const { row, catalog } = await editableDraft(db, actor, code);
  const result = upsertCatalogItem(catalog, item);
  if (!result.ok) {
    refuse(result);
  }
  const before = catalog.items.find((existing) => existing.code === item.code) ?? null;
  await saveDraft(db, request, row, result.value, 'disease_catalog.item_saved', { before, after: item });
  return getCatalogDetail(db, actor, code);
}

export async function removeItem(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  code: string,
  itemCode: string,
) {
  const { row, catalog } = await editableDraft(db, actor, code);
  const result = removeCatalogItem(catalog, itemCode);
  if (!result.ok) {
    refuse(result);
  }
  const before = catalog.items.find((existing) => existing.code === itemCode);
  await saveDraft(db, request, row, result.value, 'disease_catalog.item_removed', { before });
  return getCatalogDetail(db, actor, code);
}

export async function deleteDraft(db: Db, request: FastifyRequest, actor: Actor, code: string) {
  const { row } = await editableDraft(db, actor, code);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('disease_catalog').where('code', '=', code).where('status', '=', 'draft').execute();
    await recordAudit(trx, request, {
      action: 'disease_catalog.draft_deleted',
      entityType: 'disease_catalog',
      entityId: code,
      regionCode: row.region_code,
      result: 'success',
      detail: { name: row.name, version: row.version },
    });
  });
}

// ------------------------------------------------------------------ re-classification

type Change = {
  row: ReclassificationRow;
  next: TDiseaseClassification | null;
  isMove: boolean;
  isItemChange: boolean;
  isStoredChange: boolean;
};

type Reclassification = {
  persons: number;
  diagnoses: number;
  moves: number;
  itemChanges: number;
  unchanged: number;
  counts: { from: DiseaseLine | null; to: DiseaseLine | null; count: number }[];
  changes: Change[];
};

/** The longer of two nested region prefixes, or null when they do not overlap. */
function narrowerPrefix(a: string, b: string): string | null {
  if (a.startsWith(b)) {
    return a;
  }
  return b.startsWith(a) ? b : null;
}

/**
 * Re-classify every diagnosis of the persons in `scope` ∩ the catalogue's region under `catalogs`, and
 * compare with the stored classification: who moves where (line changes), and which rows change at all.
 */
async function computeReclassification(
  db: Db | Transaction<DB>,
  scope: DataScope,
  catalog: TDiseaseCatalog,
  catalogs: readonly TDiseaseCatalog[],
): Promise<Reclassification> {
  const prefix = narrowerPrefix(scope.villagePrefix, regionScopePrefix(catalog.regionCode ?? '000000000000'));
  const rows = prefix === null ? [] : await listDiagnosesForReclassification(db, scope, prefix);
  const byPerson = new Map<string, ReclassificationRow[]>();
  for (const row of rows) {
    const key = `${row.county_code}:${row.person_id}`;
    byPerson.set(key, [...(byPerson.get(key) ?? []), row]);
  }
  const before: { personId: string; diagnosisId: string; line: DiseaseLine; itemName: string | null }[] = [];
  const after: TDiseaseClassification[] = [];
  const changes: Change[] = [];
  for (const personRows of byPerson.values()) {
    const first = personRows[0] as ReclassificationRow;
    const classified = classifyPersonDiseases({
      personId: `${first.county_code}:${first.person_id}`,
      diagnoses: personRows.map((r) => ({
        diagnosisId: String(r.id),
        icdCode: r.icd_code,
        name: r.name,
        diagnosedOn: r.diagnosed_on,
        verificationStatus: r.verification_status as VerificationStatus,
      })),
      birthDate: first.birth_date,
      catalogs,
      regionCode: first.village_code,
    });
    after.push(...classified);
    const byId = new Map(classified.map((c) => [c.diagnosisId, c]));
    for (const row of personRows) {
      if (row.verification_status === 'verified' && row.disease_line !== null) {
        before.push({
          personId: `${row.county_code}:${row.person_id}`,
          diagnosisId: String(row.id),
          line: row.disease_line as DiseaseLine,
          itemName: row.item_name,
        });
      }
      const next = byId.get(String(row.id)) ?? null;
      const isMove =
        (row.disease_line ?? null) !== (next?.line ?? null) && row.verification_status === 'verified';
      const isItemChange = !isMove && (row.item_code ?? null) !== (next?.itemCode ?? null);
      const isStoredChange =
        (row.disease_line ?? null) !== (next?.line ?? null) ||
        (row.person_disease_key ?? null) !== (next?.personDiseaseKey ?? null) ||
        (row.item_code ?? null) !== (next?.itemCode ?? null) ||
        (row.item_name ?? null) !== (next?.itemName ?? null) ||
        (row.classification_reason ?? null) !== (next?.reason ?? null);
      if (isStoredChange) {
        changes.push({ row, next, isMove, isItemChange, isStoredChange });
      }
    }
  }
  const diff = diffClassifications(before, after);
  const verified = rows.filter((r) => r.verification_status === 'verified').length;
  const itemChanges = changes.filter((c) => c.isItemChange).length;
  return {
    persons: byPerson.size,
    diagnoses: verified,
    moves: diff.moves.length,
    itemChanges,
    unchanged: verified - diff.moves.length - itemChanges,
    counts: diff.counts,
    changes: changes.sort((a, b) => Number(b.isMove) - Number(a.isMove) || a.row.person_id - b.row.person_id),
  };
}

/** The catalogue set as it would be once `catalog` is published (a draft joins as a published version). */
function setAfterPublishing(set: CatalogSet, catalog: TDiseaseCatalog): TDiseaseCatalog[] {
  if (catalog.status === 'published') {
    return set.published;
  }
  return [
    ...set.published,
    { ...catalog, status: 'published', publishedOn: todayInChina(), publishedBy: '预览' },
  ];
}

async function casesOf(db: Db, changes: readonly Change[]): Promise<Set<string>> {
  const persons = [...new Set(changes.filter((c) => c.isMove).map((c) => c.row.person_id))];
  if (persons.length === 0) {
    return new Set();
  }
  const rows = await db
    .selectFrom('treatment_case')
    .select(['county_code', 'person_id', 'person_disease_key'])
    .where('person_id', 'in', persons)
    .execute();
  return new Set(rows.map((r) => `${r.county_code}:${r.person_id}:${r.person_disease_key}`));
}

/** Who would move where if the catalogue were published now (a published one: pending differences). */
export async function previewCatalogReclassification(
  db: Db,
  actor: Actor,
  code: string,
  query: Page & { onlyMoves: boolean },
): Promise<TReclassificationDto> {
  const { catalog, set } = await catalogEntry(db, actor, code);
  const result = await computeReclassification(
    db,
    dataScopeOf(actor),
    catalog,
    setAfterPublishing(set, catalog),
  );
  const listed = query.onlyMoves
    ? result.changes.filter((c) => c.isMove)
    : result.changes.filter((c) => c.isMove || c.isItemChange);
  const pageRows = listed.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const cases = await casesOf(db, pageRows);
  return {
    catalogCode: code,
    asIfPublished: catalog.status === 'draft',
    persons: result.persons,
    diagnoses: result.diagnoses,
    moves: result.moves,
    itemChanges: result.itemChanges,
    unchanged: result.unchanged,
    counts: result.counts.map((c) => ({ ...c, fromLabel: lineLabel(c.from), toLabel: lineLabel(c.to) })),
    items: pageRows.map(({ row, next, isMove }) => ({
      personId: row.person_id,
      personName: row.person_name,
      villageCode: row.village_code,
      diagnosisId: row.id,
      diagnosisName: row.name,
      icdCode: row.icd_code,
      diagnosedOn: row.diagnosed_on,
      from: (row.disease_line as DiseaseLine | null) ?? null,
      to: next?.line ?? null,
      fromLabel: lineLabel(row.disease_line),
      toLabel: lineLabel(next?.line ?? null),
      fromItemName: row.item_name,
      toItemName: next?.itemName ?? null,
      reason: next?.reason ?? null,
      isMove,
      hasTreatmentCase: cases.has(`${row.county_code}:${row.person_id}:${row.person_disease_key}`),
    })),
    total: listed.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * Publish a draft and apply the re-classification it causes, in one transaction: the catalogue becomes
 * immutable, every changed diagnosis gets its new line, and each county's run and every move are recorded.
 */
export async function publishCatalog(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  code: string,
  body: z.infer<typeof ZPublishBody>,
) {
  const publishedBy = actor.displayName || actor.username;
  const outcome = await db.transaction().execute(async (trx) => {
    const { row, catalog } = await editableDraft(trx, actor, code);
    const set = await loadDiseaseCatalogs(trx);
    const result = publishCatalogDraft(catalog, set.published, { publishedOn: todayInChina(), publishedBy });
    if (!result.ok) {
      refuse(result);
    }
    const published = result.value;
    const updated = await trx
      .updateTable('disease_catalog')
      .set({
        status: 'published',
        published_on: published.publishedOn ?? null,
        published_by: published.publishedBy ?? null,
        updated_at: new Date(),
      })
      .where('code', '=', code)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', `病种目录“${row.name}”已被他人发布，请刷新后查看`);
    }
    const scope = dataScopeOf({ regionCode: row.region_code, institutionCode: null });
    const re = await computeReclassification(trx, scope, published, [...set.published, published]);
    if (body.expectedMoves !== undefined && body.expectedMoves !== re.moves) {
      throw new AppError(
        'CONFLICT',
        `预览时有${body.expectedMoves}条诊断改变三个一批分类，现在为${re.moves}条（数据已变化），请重新预览后再发布`,
      );
    }
    const byCounty = new Map<string, Change[]>();
    for (const change of re.changes) {
      byCounty.set(change.row.county_code, [...(byCounty.get(change.row.county_code) ?? []), change]);
    }
    for (const [countyCode, changes] of byCounty) {
      const run = await trx
        .insertInto('reclassification_run')
        .values({
          county_code: countyCode,
          catalog_code: code,
          region_code: row.region_code,
          persons: new Set(changes.map((c) => c.row.person_id)).size,
          diagnoses: changes.length,
          moves: changes.filter((c) => c.isMove).length,
          changes: changes.filter((c) => c.isMove || c.isItemChange).length,
          applied_by: actor.userId,
          applied_by_name: publishedBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const { row: dx, next, isMove, isItemChange } of changes) {
        await trx
          .updateTable('diagnosis')
          .set({
            disease_line: next?.line ?? null,
            person_disease_key: next?.personDiseaseKey ?? null,
            item_code: next?.itemCode ?? null,
            item_name: next?.itemName ?? null,
            classification_reason: next?.reason ?? null,
            updated_at: new Date(),
          })
          .where('county_code', '=', dx.county_code)
          .where('id', '=', dx.id)
          .execute();
        if (isMove || isItemChange) {
          await trx
            .insertInto('classification_change')
            .values({
              county_code: dx.county_code,
              run_id: run.id,
              person_id: dx.person_id,
              diagnosis_id: dx.id,
              from_line: dx.disease_line,
              to_line: next?.line ?? null,
              from_item_name: dx.item_name,
              to_item_name: next?.itemName ?? null,
              reason: next?.reason ?? null,
            })
            .execute();
        }
      }
    }
    await recordAudit(trx, request, {
      action: 'disease_catalog.published',
      entityType: 'disease_catalog',
      entityId: code,
      regionCode: row.region_code,
      result: 'success',
      detail: {
        version: published.version,
        effectiveFrom: published.effectiveFrom,
        items: published.items.length,
        moves: re.moves,
        itemChanges: re.itemChanges,
        persons: re.persons,
      },
    });
    return { moves: re.moves, itemChanges: re.itemChanges };
  });
  return { ...(await getCatalogDetail(db, actor, code)), applied: outcome };
}

export async function listRunChangesPage(db: Db, actor: Actor, runId: number, page: Page) {
  const { total, rows } = await listRunChanges(db, dataScopeOf(actor), runId, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return {
    items: rows.map((r) => ({
      personId: r.person_id,
      personName: r.person_name,
      villageCode: r.village_code,
      diagnosisId: r.diagnosis_id,
      diagnosisName: r.diagnosis_name,
      icdCode: r.icd_code,
      fromLabel: lineLabel(r.from_line),
      toLabel: lineLabel(r.to_line),
      fromItemName: r.from_item_name,
      toItemName: r.to_item_name,
      reason: r.reason,
    })),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}
