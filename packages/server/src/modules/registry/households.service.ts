import {
  EXIT_STATUS_LABELS,
  MONITORING_TYPE_LABELS,
  POVERTY_ATTRIBUTE_LABELS,
  RISK_STATUS_LABELS,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { offsetOf } from '../../http/pagination.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import { type ChangeInput, findHouseholdChanges, insertChanges } from './change-log.repository.ts';
import {
  countHouseholds,
  findHouseholdByNo,
  findHouseholdInScope,
  findHouseholds,
  findIncomes,
  type HouseholdFilter,
} from './households.repository.ts';
import { categoriesOn, findPersons } from './persons.repository.ts';
import type { THouseholdCreateBody, THouseholdListQuery, THouseholdPatchBody } from './registry.schema.ts';
import { diffFields } from './registry-diff.ts';
import {
  assertWritableVillage,
  EXPORT_MAX_ROWS,
  requestScope,
  rowToChangeDto,
  rowToHouseholdDto,
  rowToPersonDto,
  todayInChina,
} from './registry-support.ts';

const filterOf = (query: THouseholdListQuery): HouseholdFilter => ({
  povertyAttribute: query.povertyAttribute,
  monitoringType: query.monitoringType,
  exitStatus: query.exitStatus,
  mainCause: query.mainCause,
  q: query.q,
});

export async function listHouseholds(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  query: THouseholdListQuery,
) {
  const scope = await requestScope(db, request, actor, query.regionCode);
  const filter = filterOf(query);
  const [total, rows] = await Promise.all([
    countHouseholds(db, scope, filter),
    findHouseholds(db, scope, filter, query.pageSize, offsetOf(query)),
  ]);
  return { items: rows.map(rowToHouseholdDto), total, page: query.page, pageSize: query.pageSize };
}

export async function exportHouseholds(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  query: THouseholdListQuery,
) {
  const scope = await requestScope(db, request, actor, query.regionCode);
  const filter = filterOf(query);
  const total = await countHouseholds(db, scope, filter);
  if (total > EXPORT_MAX_ROWS) {
    throw new AppError(
      'UNPROCESSABLE',
      `符合条件的户有${total}户，超过单次导出上限${EXPORT_MAX_ROWS}户，请缩小范围`,
    );
  }
  const items = (await findHouseholds(db, scope, filter, EXPORT_MAX_ROWS, 0)).map(rowToHouseholdDto);
  await recordAudit(db, request, {
    action: 'household.exported',
    entityType: 'household',
    result: 'success',
    regionCode: scope.villagePrefix.padEnd(12, '0'),
    detail: { rows: items.length },
  });
  return buildXlsx(
    '户档案',
    [
      { header: '户编号', width: 18, value: (h) => h.householdNo },
      { header: '户主', value: (h) => h.headName },
      { header: '所在村', width: 24, value: (h) => h.villageName },
      { header: '地址', width: 30, value: (h) => h.address },
      { header: '人口数', width: 8, value: (h) => h.memberCount },
      {
        header: '贫困户属性',
        value: (h) => (h.povertyAttribute ? POVERTY_ATTRIBUTE_LABELS[h.povertyAttribute] : null),
      },
      { header: '主要致贫原因', value: (h) => h.mainCause },
      { header: '其他致贫原因', value: (h) => h.otherCauses.join('、') },
      { header: '识别年度', width: 10, value: (h) => h.registeredYear },
      { header: '脱贫状态', width: 10, value: (h) => EXIT_STATUS_LABELS[h.exitStatus] },
      { header: '脱贫年度', width: 10, value: (h) => h.exitYear },
      {
        header: '监测类型',
        value: (h) => (h.monitoringType ? MONITORING_TYPE_LABELS[h.monitoringType] : null),
      },
      { header: '风险状态', value: (h) => (h.riskStatus ? RISK_STATUS_LABELS[h.riskStatus] : null) },
    ],
    items,
  );
}

async function getHouseholdOrFail(db: Kysely<DB>, actor: Actor, id: number) {
  const household = await findHouseholdInScope(db, dataScopeOf(actor), id);
  if (!household) {
    throw new AppError('NOT_FOUND', `户（编号${id}）不存在或不在您的管辖范围内`);
  }
  return household;
}

export async function getHouseholdDetail(db: Kysely<DB>, actor: Actor, id: number) {
  const household = await getHouseholdOrFail(db, actor, id);
  const today = todayInChina();
  const [members, incomes, history] = await Promise.all([
    findPersons(db, dataScopeOf(actor), { householdId: id, date: today }, 100, 0),
    findIncomes(db, household.county_code, id),
    findHouseholdChanges(db, household.county_code, id),
  ]);
  const categories = await categoriesOn(
    db,
    household.county_code,
    members.map((m) => m.id),
    today,
  );
  return {
    ...rowToHouseholdDto(household),
    members: members.map((m) => rowToPersonDto(m, categories.get(m.id) ?? [])),
    incomes: incomes.map((i) => ({ year: i.year, perCapitaNetIncomeFen: i.per_capita_net_income_fen })),
    history: history.map(rowToChangeDto),
  };
}

function checkExit(exitStatus: string | undefined, exitYear: number | null | undefined) {
  if (exitStatus === 'exited' && !exitYear) {
    throw new AppError('VALIDATION_FAILED', '已脱贫的户须填写脱贫年度');
  }
  if (exitStatus === 'not_exited' && exitYear) {
    throw new AppError('VALIDATION_FAILED', '未脱贫的户不能填写脱贫年度');
  }
}

export async function createHousehold(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  body: THouseholdCreateBody,
) {
  await assertWritableVillage(db, actor, body.villageCode);
  checkExit(body.exitStatus ?? 'not_exited', body.exitYear);
  const countyCode = body.villageCode.slice(0, 6);
  if (await findHouseholdByNo(db, countyCode, body.householdNo)) {
    throw new AppError('CONFLICT', `户编号“${body.householdNo}”已存在`, { field: 'householdNo' });
  }
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('household')
      .values({
        county_code: countyCode,
        household_no: body.householdNo,
        village_code: body.villageCode,
        address: body.address ?? null,
        head_name: body.headName ?? null,
        poverty_attribute: body.povertyAttribute ?? null,
        main_cause: body.mainCause ?? null,
        other_causes: body.otherCauses ?? [],
        registered_year: body.registeredYear ?? null,
        exit_status: body.exitStatus ?? 'not_exited',
        exit_year: body.exitYear ?? null,
        monitoring_type: body.monitoringType ?? null,
        risk_status: body.riskStatus ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertChanges(trx, [
      {
        countyCode,
        entityType: 'household',
        entityId: row.id,
        personId: null,
        field: 'created',
        oldValue: null,
        newValue: body.householdNo,
        reasonType: 'manual',
        reasonRef: '手工登记',
        changedBy: actor.userId,
      },
    ]);
    await recordAudit(trx, request, {
      action: 'household.created',
      entityType: 'household',
      entityId: row.id,
      regionCode: body.villageCode,
      result: 'success',
      detail: { householdNo: body.householdNo },
    });
    return row.id;
  });
  return getHouseholdDetail(db, actor, id);
}

const HOUSEHOLD_COLUMNS = {
  villageCode: 'village_code',
  address: 'address',
  headName: 'head_name',
  povertyAttribute: 'poverty_attribute',
  mainCause: 'main_cause',
  otherCauses: 'other_causes',
  registeredYear: 'registered_year',
  exitStatus: 'exit_status',
  exitYear: 'exit_year',
  monitoringType: 'monitoring_type',
  riskStatus: 'risk_status',
} as const;

export async function patchHousehold(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: THouseholdPatchBody,
) {
  const { reason, incomes, ...patch } = body;
  const household = await getHouseholdOrFail(db, actor, id);
  if (patch.villageCode && patch.villageCode !== household.village_code) {
    await assertWritableVillage(db, actor, patch.villageCode);
    if (patch.villageCode.slice(0, 6) !== household.county_code) {
      throw new AppError('VALIDATION_FAILED', '户不能跨县调整所在村');
    }
  }
  const nextExitStatus = patch.exitStatus ?? household.exit_status;
  const nextExitYear = patch.exitYear === undefined ? household.exit_year : patch.exitYear;
  checkExit(nextExitStatus, nextExitYear);
  const changes = diffFields(household as unknown as Record<string, unknown>, patch, HOUSEHOLD_COLUMNS);
  await db.transaction().execute(async (trx) => {
    const values: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(HOUSEHOLD_COLUMNS)) {
      if (changes.some((c) => c.field === column)) {
        values[column] = patch[key as keyof typeof patch] ?? (column === 'other_causes' ? [] : null);
      }
    }
    const log: ChangeInput[] = changes.map((c) => ({
      countyCode: household.county_code,
      entityType: 'household',
      entityId: id,
      personId: null,
      ...c,
      reasonType: 'manual',
      reasonRef: reason,
      changedBy: actor.userId,
    }));
    if (Object.keys(values).length > 0) {
      await trx
        .updateTable('household')
        .set({ ...values, updated_at: new Date() })
        .where('county_code', '=', household.county_code)
        .where('id', '=', id)
        .execute();
      if (values.village_code) {
        // Members live where their household lives.
        await trx
          .updateTable('person')
          .set({ village_code: values.village_code as string, updated_at: new Date() })
          .where('county_code', '=', household.county_code)
          .where('household_id', '=', id)
          .execute();
      }
    }
    const currentIncomes = new Map(
      (await findIncomes(trx, household.county_code, id)).map((i) => [i.year, i.per_capita_net_income_fen]),
    );
    for (const income of incomes ?? []) {
      const old = currentIncomes.get(income.year);
      if (old === income.perCapitaNetIncomeFen) {
        continue;
      }
      await trx
        .insertInto('household_income')
        .values({
          county_code: household.county_code,
          household_id: id,
          year: income.year,
          per_capita_net_income_fen: income.perCapitaNetIncomeFen,
        })
        .onConflict((oc) =>
          oc
            .columns(['county_code', 'household_id', 'year'])
            .doUpdateSet({ per_capita_net_income_fen: income.perCapitaNetIncomeFen }),
        )
        .execute();
      log.push({
        countyCode: household.county_code,
        entityType: 'household_income',
        entityId: id,
        personId: null,
        field: `per_capita_net_income_fen:${income.year}`,
        oldValue: old === undefined ? null : String(old),
        newValue: String(income.perCapitaNetIncomeFen),
        reasonType: 'manual',
        reasonRef: reason,
        changedBy: actor.userId,
      });
    }
    await insertChanges(trx, log);
    await recordAudit(trx, request, {
      action: 'household.updated',
      entityType: 'household',
      entityId: id,
      regionCode: household.village_code,
      result: 'success',
      detail: { fields: log.map((c) => c.field), reason },
    });
  });
  return getHouseholdDetail(db, actor, id);
}
