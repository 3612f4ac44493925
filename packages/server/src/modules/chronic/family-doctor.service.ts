import {
  countyCodeOf,
  formatFen,
  isRegionWithin,
  maskIdNumber,
  regionScopePrefix,
  yearOf,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx, type XlsxColumn } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type Db, findHouseholdMembersInScope, findRegionNames } from './chronic.repository.ts';
import type { ChronicScope } from './chronic-data-scope.ts';
import {
  CANCEL_REASON_LABELS,
  type CancelReason,
  CONTRACT_STATUS_LABELS,
  checkContractAction,
  checkContractPeriod,
  escapeHtml,
  formatContractNo,
  minimumContractEnd,
  PACKAGE_KIND_LABELS,
  PAYER_LABELS,
  type PackageKind,
  type Payer,
  renewalPeriod,
  type ServiceCode,
} from './chronic-rules.ts';
import { getPersonOrFail, type RegionScope } from './chronic-scope.ts';
import {
  type ContractFilter,
  type ContractRow,
  countContracts,
  findContractItemForService,
  findDoctorAccounts,
  findDoctorAccountsByIds,
  findFulfilments,
  findOverlappingContracts,
  findPackageItems,
  findPackages,
  findTeamVillages,
  nextContractSequence,
  selectContracts,
  teamsInScope,
} from './family-doctor.repository.ts';

type Page = { page: number; pageSize: number };
type TeamMember = {
  role: 'doctor' | 'nurse' | 'public_health';
  name: string;
  userId?: number | null;
  phone?: string | null;
};

const toIds = (values: readonly (number | string)[]): number[] => values.map((v) => Number(v));

// ---------------------------------------------------------------- teams

export async function listTeams(db: Kysely<DB>, rs: RegionScope, query: Page & { q?: string | undefined }) {
  const base = teamsInScope(db, rs.scope, query.q);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('t')
      .orderBy('t.name')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  const villages = (
    await Promise.all(
      [...new Set(rows.map((r) => r.county_code))].map((county) =>
        findTeamVillages(
          db,
          county,
          rows.filter((r) => r.county_code === county).map((r) => r.id),
        ),
      ),
    )
  ).flat();
  return {
    items: rows.map((r) => {
      const own = villages.filter((v) => v.team_id === r.id);
      return {
        id: r.id,
        countyCode: r.county_code,
        name: r.name,
        institutionName: r.institution_name,
        members: r.members as TeamMember[],
        villageCodes: own.map((v) => v.village_code),
        villageNames: own.map((v) => v.name),
        status: r.status,
      };
    }),
    total: Number(count.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

type TeamInput = {
  name: string;
  institutionName?: string | null | undefined;
  members: TeamMember[];
  villageCodes: string[];
  status?: 'active' | 'inactive' | undefined;
};

async function checkTeamVillages(db: Kysely<DB>, actor: Actor, codes: readonly string[]): Promise<string> {
  const names = await findRegionNames(db, codes);
  const counties = new Set<string | null>();
  for (const code of codes) {
    if (!names.has(code)) {
      throw new AppError('VALIDATION_FAILED', `服务村庄“${code}”不存在`);
    }
    if (!isRegionWithin(code, actor.regionCode)) {
      throw new AppError('OUT_OF_SCOPE', `服务村庄“${names.get(code)}”不在您的管辖范围内`);
    }
    counties.add(countyCodeOf(code));
  }
  const [county] = [...counties];
  if (counties.size !== 1 || !county) {
    throw new AppError('VALIDATION_FAILED', '一个家庭医生团队的服务村庄必须在同一个县（区）内');
  }
  return county;
}

/**
 * A member linked to an account (`userId`) widens that village doctor's chronic scope to the team's
 * villages, so the link must name an active village-doctor account of the team's county, once.
 */
async function checkTeamAccounts(db: Kysely<DB>, countyCode: string, members: readonly TeamMember[]) {
  const linked = members.filter((m) => m.userId !== undefined && m.userId !== null);
  const ids = linked.map((m) => m.userId as number);
  if (new Set(ids).size !== ids.length) {
    throw new AppError('VALIDATION_FAILED', '同一个登录账号不能关联团队中的多名成员');
  }
  const accounts = await findDoctorAccountsByIds(db, ids);
  for (const member of linked) {
    const account = accounts.find((a) => a.id === member.userId);
    if (!account || account.status !== 'active') {
      throw new AppError('VALIDATION_FAILED', `成员“${member.name}”关联的登录账号不存在或已停用`);
    }
    if (account.role !== 'village_doctor') {
      throw new AppError(
        'VALIDATION_FAILED',
        `成员“${member.name}”关联的账号“${account.username}”不是村医账号`,
      );
    }
    if (countyCodeOf(account.region_code) !== countyCode) {
      throw new AppError(
        'VALIDATION_FAILED',
        `成员“${member.name}”关联的账号“${account.username}”不属于团队服务村庄所在的县（区）`,
      );
    }
  }
}

/** Village-doctor accounts of the caller's region, for linking team members to their logins. */
export async function listDoctorAccounts(db: Kysely<DB>, actor: Actor, q: string | undefined) {
  const rows = await findDoctorAccounts(db, regionScopePrefix(actor.regionCode), q);
  const names = await findRegionNames(
    db,
    rows.map((r) => r.region_code),
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    regionCode: r.region_code,
    regionName: names.get(r.region_code) ?? r.region_code,
  }));
}

export async function createTeam(db: Kysely<DB>, request: FastifyRequest, actor: Actor, input: TeamInput) {
  const villageCodes = [...new Set(input.villageCodes)];
  const countyCode = await checkTeamVillages(db, actor, villageCodes);
  await checkTeamAccounts(db, countyCode, input.members);
  const id = await db.transaction().execute(async (trx) => {
    const duplicate = await trx
      .selectFrom('fd_team')
      .where('county_code', '=', countyCode)
      .where('name', '=', input.name)
      .select('id')
      .executeTakeFirst();
    if (duplicate) {
      throw new AppError('CONFLICT', `团队名称“${input.name}”已存在`);
    }
    const row = await trx
      .insertInto('fd_team')
      .values({
        county_code: countyCode,
        name: input.name,
        institution_name: input.institutionName ?? null,
        members: JSON.stringify(input.members),
        status: input.status ?? 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('fd_team_village')
      .values(villageCodes.map((v) => ({ county_code: countyCode, team_id: row.id, village_code: v })))
      .execute();
    await recordAudit(trx, request, {
      action: 'fd_team.create',
      entityType: 'fd_team',
      entityId: row.id,
      regionCode: actor.regionCode,
      result: 'success',
      detail: { name: input.name, villageCodes, memberCount: input.members.length },
    });
    return row.id;
  });
  return getTeam(
    db,
    {
      regionCode: actor.regionCode,
      scope: { villagePrefix: countyCode, countyCode, institutionCode: null, villageCodes: null },
    },
    id,
  );
}

async function getTeam(db: Kysely<DB>, rs: RegionScope, id: number) {
  const row = await teamsInScope(db, rs.scope).where('t.id', '=', id).selectAll('t').executeTakeFirst();
  if (!row) {
    throw new AppError('NOT_FOUND', '家庭医生团队不存在或不在您的管辖范围内');
  }
  const villages = await findTeamVillages(db, row.county_code, [row.id]);
  return {
    id: row.id,
    countyCode: row.county_code,
    name: row.name,
    institutionName: row.institution_name,
    members: row.members as TeamMember[],
    villageCodes: villages.map((v) => v.village_code),
    villageNames: villages.map((v) => v.name),
    status: row.status,
  };
}

export async function updateTeam(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  rs: RegionScope,
  id: number,
  input: TeamInput,
) {
  const before = await getTeam(db, rs, id);
  const villageCodes = [...new Set(input.villageCodes)];
  const countyCode = await checkTeamVillages(db, actor, villageCodes);
  await checkTeamAccounts(db, countyCode, input.members);
  if (countyCode !== before.countyCode) {
    throw new AppError('VALIDATION_FAILED', '不能把团队的服务村庄改到其他县（区）');
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('fd_team')
      .set({
        name: input.name,
        institution_name: input.institutionName ?? null,
        members: JSON.stringify(input.members),
        status: input.status ?? before.status,
        updated_at: new Date(),
      })
      .where('county_code', '=', countyCode)
      .where('id', '=', id)
      .execute();
    await trx
      .deleteFrom('fd_team_village')
      .where('county_code', '=', countyCode)
      .where('team_id', '=', id)
      .execute();
    await trx
      .insertInto('fd_team_village')
      .values(villageCodes.map((v) => ({ county_code: countyCode, team_id: id, village_code: v })))
      .execute();
    await recordAudit(trx, request, {
      action: 'fd_team.update',
      entityType: 'fd_team',
      entityId: id,
      regionCode: actor.regionCode,
      result: 'success',
      detail: {
        before: { name: before.name, villageCodes: before.villageCodes },
        after: { name: input.name, villageCodes },
      },
    });
  });
  return getTeam(
    db,
    {
      regionCode: actor.regionCode,
      scope: { villagePrefix: countyCode, countyCode, institutionCode: null, villageCodes: null },
    },
    id,
  );
}

// ---------------------------------------------------------------- packages

export async function listPackages(db: Db, countyCode: string | null, ids?: readonly number[]) {
  const packages = await findPackages(db, countyCode, ids);
  const items = await findPackageItems(
    db,
    countyCode,
    packages.map((p) => p.id),
  );
  return packages.map((p) => {
    const own = items.filter((i) => i.package_id === p.id);
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      description: p.description,
      totalPriceFen: own.reduce((s, i) => s + i.price_fen, 0),
      totalSubsidyFen: own.reduce((s, i) => s + i.subsidy_fen, 0),
      items: own.map((i) => ({
        id: i.id,
        packageId: i.package_id,
        name: i.name,
        serviceCode: i.service_code as ServiceCode,
        countPerYear: i.count_per_year,
        priceFen: i.price_fen,
        subsidyFen: i.subsidy_fen,
        payer: i.payer,
      })),
    };
  });
}

function countyOfActor(actor: Actor): string {
  const county = countyCodeOf(actor.regionCode);
  if (!county) {
    throw new AppError('FORBIDDEN', '只有县级及以下用户可以维护家庭医生签约数据');
  }
  return county;
}

export async function createPackage(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  input: {
    name: string;
    kind: PackageKind;
    description?: string | null | undefined;
    items: {
      name: string;
      serviceCode: ServiceCode;
      countPerYear: number;
      priceFen: number;
      subsidyFen: number;
      payer: Payer;
    }[];
  },
) {
  const countyCode = countyOfActor(actor);
  const id = await db.transaction().execute(async (trx) => {
    const duplicate = await trx
      .selectFrom('fd_package')
      .where('county_code', '=', countyCode)
      .where('name', '=', input.name)
      .select('id')
      .executeTakeFirst();
    if (duplicate) {
      throw new AppError('CONFLICT', `服务包名称“${input.name}”已存在`);
    }
    const row = await trx
      .insertInto('fd_package')
      .values({
        county_code: countyCode,
        name: input.name,
        kind: input.kind,
        description: input.description ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('fd_package_item')
      .values(
        input.items.map((i) => ({
          county_code: countyCode,
          package_id: row.id,
          name: i.name,
          service_code: i.serviceCode,
          count_per_year: i.countPerYear,
          price_fen: i.priceFen,
          subsidy_fen: i.subsidyFen,
          payer: i.payer,
        })),
      )
      .execute();
    await recordAudit(trx, request, {
      action: 'fd_package.create',
      entityType: 'fd_package',
      entityId: row.id,
      regionCode: actor.regionCode,
      result: 'success',
      detail: { name: input.name, kind: input.kind, itemCount: input.items.length },
    });
    return row.id;
  });
  const [created] = await listPackages(db, countyCode, [id]);
  if (!created) {
    throw new AppError('INTERNAL', '服务包保存后无法读取');
  }
  return created;
}

// ---------------------------------------------------------------- contracts

async function toContractDtos(db: Db, rows: readonly ContractRow[]) {
  const names = await findRegionNames(
    db,
    rows.map((r) => r.village_code),
  );
  return rows.map((r) => ({
    id: r.id,
    contractNo: r.contract_no,
    personId: r.person_id,
    personName: r.person_name,
    idNumberMasked: maskIdNumber(r.id_number),
    villageCode: r.village_code,
    villageName: names.get(r.village_code) ?? r.village_code,
    householdId: r.household_id,
    teamId: r.team_id,
    teamName: r.team_name,
    packageIds: toIds(r.package_ids),
    startDate: r.start_date,
    endDate: r.end_date,
    status: r.status,
    statusLabel: CONTRACT_STATUS_LABELS[r.status],
    cancelReason: r.cancel_reason,
    cancelReasonLabel: r.cancel_reason ? CANCEL_REASON_LABELS[r.cancel_reason] : null,
    cancelDate: r.cancel_date,
    renewedFromId: r.renewed_from_id,
    renewedToId: r.renewed_to_id === null ? null : Number(r.renewed_to_id),
    doctorName: r.doctor_name,
  }));
}

export async function listContracts(db: Kysely<DB>, rs: RegionScope, query: Page & ContractFilter) {
  const [total, rows] = await Promise.all([
    countContracts(db, rs.scope, query),
    selectContracts(db, rs.scope, query)
      .orderBy('c.start_date', 'desc')
      .orderBy('c.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return {
    items: await toContractDtos(db, rows),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const EXPORT_LIMIT = 50_000;

export async function exportContracts(
  db: Kysely<DB>,
  request: FastifyRequest,
  rs: RegionScope,
  filter: ContractFilter,
) {
  const rows = await selectContracts(db, rs.scope, filter)
    .orderBy('c.village_code')
    .orderBy('c.id')
    .limit(EXPORT_LIMIT)
    .execute();
  const dtos = await toContractDtos(db, rows);
  type Dto = (typeof dtos)[number];
  const columns: XlsxColumn<Dto>[] = [
    { header: '协议编号', width: 24, value: (r) => r.contractNo },
    { header: '姓名', value: (r) => r.personName },
    { header: '身份证号（脱敏）', width: 22, value: (r) => r.idNumberMasked },
    { header: '村', width: 20, value: (r) => r.villageName },
    { header: '签约团队', width: 20, value: (r) => r.teamName },
    { header: '签约医生', value: (r) => r.doctorName },
    { header: '开始日期', value: (r) => r.startDate },
    { header: '结束日期', value: (r) => r.endDate },
    { header: '状态', value: (r) => r.statusLabel },
    { header: '解约原因', value: (r) => r.cancelReasonLabel },
    { header: '解约日期', value: (r) => r.cancelDate },
  ];
  await recordAudit(db, request, {
    action: 'fd_contract.export',
    entityType: 'fd_contract',
    regionCode: rs.regionCode,
    result: 'success',
    detail: { rows: dtos.length, filter },
  });
  return buildXlsx('签约名单', columns, dtos);
}

async function getContractRow(db: Db, scope: ChronicScope, id: number): Promise<ContractRow> {
  const row = await selectContracts(db, scope, {}).where('c.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new AppError('NOT_FOUND', '签约协议不存在或不在您的管辖范围内');
  }
  return row;
}

export async function getContractDetail(db: Kysely<DB>, rs: RegionScope, id: number) {
  const row = await getContractRow(db, rs.scope, id);
  const [dto] = await toContractDtos(db, [row]);
  const packages = await listPackages(db, row.county_code, toIds(row.package_ids));
  const fulfilments = await findFulfilments(db, row.county_code, row.id);
  return {
    ...(dto as NonNullable<typeof dto>),
    packages,
    fulfilments: fulfilments.map((f) => ({
      id: f.id,
      contractId: f.contract_id,
      itemId: f.item_id,
      itemName: f.item_name,
      serviceDate: f.service_date,
      performedBy: f.performed_by,
      visitId: f.visit_id,
      checkupId: f.checkup_id,
      note: f.note,
    })),
  };
}

async function checkTeamAndPackages(
  db: Db,
  options: { countyCode: string; villageCode: string; teamId: number; packageIds: readonly number[] },
) {
  const team = await db
    .selectFrom('fd_team as t')
    .innerJoin('fd_team_village as tv', (j) =>
      j.onRef('tv.county_code', '=', 't.county_code').onRef('tv.team_id', '=', 't.id'),
    )
    .where('t.county_code', '=', options.countyCode)
    .where('t.id', '=', options.teamId)
    .where('tv.village_code', '=', options.villageCode)
    .select(['t.id', 't.status', 't.members'])
    .executeTakeFirst();
  if (!team) {
    throw new AppError('VALIDATION_FAILED', '所选家庭医生团队不存在或不服务该居民所在村');
  }
  if (team.status !== 'active') {
    throw new AppError('VALIDATION_FAILED', '所选家庭医生团队已停用');
  }
  const packageIds = [...new Set(options.packageIds)];
  const packages = await findPackages(db, options.countyCode, packageIds);
  if (packages.length !== packageIds.length) {
    throw new AppError('VALIDATION_FAILED', '所选服务包不存在或已停用');
  }
  if (!packages.some((p) => p.kind === 'basic')) {
    throw new AppError('VALIDATION_FAILED', '签约必须包含一个基础包');
  }
  const doctor = (team.members as TeamMember[]).find((m) => m.role === 'doctor');
  return { packageIds, doctorName: doctor?.name ?? null };
}

async function insertContract(
  trx: Db,
  values: {
    countyCode: string;
    personId: number;
    householdId: number | null;
    villageCode: string;
    teamId: number;
    packageIds: number[];
    startDate: string;
    endDate: string;
    status: 'pending' | 'signed' | 'renewed';
    renewedFromId: number | null;
    doctorName: string | null;
    userId: number;
    personName: string;
  },
) {
  const overlapping = await findOverlappingContracts(trx, {
    countyCode: values.countyCode,
    personId: values.personId,
    from: values.startDate,
    to: values.endDate,
  });
  const [first] = overlapping;
  if (first) {
    throw new AppError(
      'CONFLICT',
      `居民“${values.personName}”在${first.start_date}至${first.end_date}已有签约（${first.contract_no}），同一时间只能签约一个家庭医生团队`,
    );
  }
  const sequence = await nextContractSequence(trx, values.countyCode, yearOf(values.startDate));
  return trx
    .insertInto('fd_contract')
    .values({
      county_code: values.countyCode,
      contract_no: formatContractNo(values.countyCode, yearOf(values.startDate), sequence),
      person_id: values.personId,
      household_id: values.householdId,
      village_code: values.villageCode,
      team_id: values.teamId,
      package_ids: values.packageIds,
      start_date: values.startDate,
      end_date: values.endDate,
      status: values.status,
      renewed_from_id: values.renewedFromId,
      doctor_name: values.doctorName,
      signed_by: values.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function createContracts(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  rs: RegionScope,
  input: {
    personId?: number | undefined;
    householdId?: number | undefined;
    teamId: number;
    packageIds: number[];
    startDate: string;
    endDate: string;
    doctorName?: string | undefined;
    isPendingReview: boolean;
  },
) {
  const periodProblem = checkContractPeriod(input.startDate, input.endDate);
  if (periodProblem) {
    throw new AppError('VALIDATION_FAILED', periodProblem, [{ field: 'endDate', message: periodProblem }]);
  }
  const persons = input.personId
    ? [await getPersonOrFail(db, rs.scope, input.personId)]
    : await findHouseholdMembersInScope(db, rs.scope, input.householdId ?? 0);
  if (persons.length === 0) {
    throw new AppError('NOT_FOUND', '该家庭不存在、没有在册成员或不在您的管辖范围内');
  }
  const ids = await db.transaction().execute(async (trx) => {
    const created: number[] = [];
    for (const person of persons) {
      const checked = await checkTeamAndPackages(trx, {
        countyCode: person.county_code,
        villageCode: person.village_code,
        teamId: input.teamId,
        packageIds: input.packageIds,
      });
      const row = await insertContract(trx, {
        countyCode: person.county_code,
        personId: person.id,
        householdId: input.householdId ?? null,
        villageCode: person.village_code,
        teamId: input.teamId,
        packageIds: checked.packageIds,
        startDate: input.startDate,
        endDate: input.endDate,
        status: input.isPendingReview ? 'pending' : 'signed',
        renewedFromId: null,
        doctorName: input.doctorName ?? checked.doctorName,
        userId: actor.userId,
        personName: person.name,
      });
      await recordAudit(trx, request, {
        action: 'fd_contract.create',
        entityType: 'fd_contract',
        entityId: row.id,
        regionCode: person.village_code,
        result: 'success',
        detail: {
          personId: person.id,
          teamId: input.teamId,
          startDate: input.startDate,
          endDate: input.endDate,
        },
      });
      created.push(row.id);
    }
    return created;
  });
  const rows = await selectContracts(db, rs.scope, {}).where('c.id', 'in', ids).orderBy('c.id').execute();
  return toContractDtos(db, rows);
}

export async function approveContract(db: Kysely<DB>, request: FastifyRequest, rs: RegionScope, id: number) {
  const row = await getContractRow(db, rs.scope, id);
  const problem = checkContractAction('approve', row.status);
  if (problem) {
    throw new AppError('CONFLICT', problem);
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('fd_contract')
      .set({ status: row.renewed_from_id ? 'renewed' : 'signed', updated_at: new Date() })
      .where('county_code', '=', row.county_code)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, request, {
      action: 'fd_contract.approve',
      entityType: 'fd_contract',
      entityId: id,
      regionCode: row.village_code,
      result: 'success',
    });
  });
  return getContractDetail(db, rs, id);
}

export async function renewContract(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  rs: RegionScope,
  id: number,
  input: {
    startDate?: string | undefined;
    endDate?: string | undefined;
    teamId?: number | undefined;
    packageIds?: number[] | undefined;
    doctorName?: string | undefined;
  },
) {
  const row = await getContractRow(db, rs.scope, id);
  const problem = checkContractAction('renew', row.status);
  if (problem) {
    throw new AppError('CONFLICT', problem);
  }
  if (row.renewed_to_id !== null) {
    throw new AppError('CONFLICT', `签约协议${row.contract_no}已续约，不能重复续约`);
  }
  const defaults = renewalPeriod(row.end_date);
  const startDate = input.startDate ?? defaults.startDate;
  const endDate = input.endDate ?? minimumContractEnd(startDate);
  if (startDate <= row.end_date) {
    throw new AppError('VALIDATION_FAILED', `续约开始日期必须晚于原协议结束日期${row.end_date}`);
  }
  const periodProblem = checkContractPeriod(startDate, endDate);
  if (periodProblem) {
    throw new AppError('VALIDATION_FAILED', periodProblem);
  }
  const newId = await db.transaction().execute(async (trx) => {
    const teamId = input.teamId ?? row.team_id;
    const checked = await checkTeamAndPackages(trx, {
      countyCode: row.county_code,
      villageCode: row.village_code,
      teamId,
      packageIds: input.packageIds ?? toIds(row.package_ids),
    });
    const created = await insertContract(trx, {
      countyCode: row.county_code,
      personId: row.person_id,
      householdId: row.household_id,
      villageCode: row.village_code,
      teamId,
      packageIds: checked.packageIds,
      startDate,
      endDate,
      status: 'renewed',
      renewedFromId: row.id,
      doctorName: input.doctorName ?? (teamId === row.team_id ? row.doctor_name : checked.doctorName),
      userId: actor.userId,
      personName: row.person_name,
    });
    await recordAudit(trx, request, {
      action: 'fd_contract.renew',
      entityType: 'fd_contract',
      entityId: created.id,
      regionCode: row.village_code,
      result: 'success',
      detail: { renewedFromId: row.id, startDate, endDate, teamId },
    });
    return created.id;
  });
  return getContractDetail(db, rs, newId);
}

export async function cancelContract(
  db: Kysely<DB>,
  request: FastifyRequest,
  rs: RegionScope,
  id: number,
  input: { reason: CancelReason; cancelDate: string; note?: string | null | undefined },
) {
  const row = await getContractRow(db, rs.scope, id);
  const problem = checkContractAction('cancel', row.status);
  if (problem) {
    throw new AppError('CONFLICT', problem);
  }
  if (input.cancelDate < row.start_date) {
    throw new AppError('VALIDATION_FAILED', `解约日期不能早于签约开始日期${row.start_date}`);
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('fd_contract')
      .set({
        status: 'cancelled',
        cancel_reason: input.reason,
        cancel_date: input.cancelDate,
        cancel_note: input.note ?? null,
        updated_at: new Date(),
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, request, {
      action: 'fd_contract.cancel',
      entityType: 'fd_contract',
      entityId: id,
      regionCode: row.village_code,
      result: 'success',
      detail: { reason: input.reason, cancelDate: input.cancelDate, previousStatus: row.status },
    });
  });
  return getContractDetail(db, rs, id);
}

export async function addFulfilment(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  rs: RegionScope,
  contractId: number,
  input: { itemId: number; serviceDate: string; performedBy: string; note?: string | null | undefined },
) {
  const row = await getContractRow(db, rs.scope, contractId);
  if (row.status === 'pending' || row.status === 'cancelled') {
    throw new AppError('CONFLICT', `状态为“${CONTRACT_STATUS_LABELS[row.status]}”的签约不能登记履约`);
  }
  if (input.serviceDate < row.start_date || input.serviceDate > row.end_date) {
    throw new AppError('VALIDATION_FAILED', `服务日期必须在签约期限${row.start_date}至${row.end_date}之内`);
  }
  const items = await findPackageItems(db, row.county_code, toIds(row.package_ids));
  if (!items.some((i) => i.id === input.itemId)) {
    throw new AppError('VALIDATION_FAILED', '所选服务项目不属于该签约的服务包');
  }
  await db.transaction().execute(async (trx) => {
    const f = await trx
      .insertInto('fd_fulfilment')
      .values({
        county_code: row.county_code,
        contract_id: row.id,
        item_id: input.itemId,
        person_id: row.person_id,
        village_code: row.village_code,
        service_date: input.serviceDate,
        performed_by: input.performedBy,
        performed_by_user_id: actor.userId,
        note: input.note ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: 'fd_fulfilment.create',
      entityType: 'fd_fulfilment',
      entityId: f.id,
      regionCode: row.village_code,
      result: 'success',
      detail: { contractId: row.id, itemId: input.itemId, serviceDate: input.serviceDate },
    });
  });
  return getContractDetail(db, rs, contractId);
}

/**
 * Records 履约 for the person's in-force contract item matching a service (a follow-up visit or a
 * health checkup), inside the caller's transaction. Returns the fulfilment id, or null when the person
 * has no contract item for that service on that date.
 */
export async function fulfilAutomatically(
  trx: Db,
  options: {
    countyCode: string;
    personId: number;
    villageCode: string;
    on: string;
    serviceCode: ServiceCode;
    performedBy: string;
    userId: number;
    visitId?: number;
    checkupId?: number;
  },
): Promise<number | null> {
  const match = await findContractItemForService(trx, options);
  if (!match) {
    return null;
  }
  const row = await trx
    .insertInto('fd_fulfilment')
    .values({
      county_code: options.countyCode,
      contract_id: match.contract_id,
      item_id: match.item_id,
      person_id: options.personId,
      village_code: options.villageCode,
      service_date: options.on,
      performed_by: options.performedBy,
      performed_by_user_id: options.userId,
      visit_id: options.visitId ?? null,
      checkup_id: options.checkupId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// ---------------------------------------------------------------- agreement

export async function renderAgreementHtml(
  db: Kysely<DB>,
  request: FastifyRequest,
  rs: RegionScope,
  id: number,
) {
  const detail = await getContractDetail(db, rs, id);
  const row = await getContractRow(db, rs.scope, id);
  const team = await db
    .selectFrom('fd_team')
    .where('county_code', '=', row.county_code)
    .where('id', '=', row.team_id)
    .select(['name', 'institution_name', 'members'])
    .executeTakeFirstOrThrow();
  const members = team.members as TeamMember[];
  const roleLabel = { doctor: '医生', nurse: '护士', public_health: '公卫人员' } as const;
  const itemRows = detail.packages
    .flatMap((p) =>
      p.items.map(
        (i) =>
          `<tr><td>${escapeHtml(PACKAGE_KIND_LABELS[p.kind])}·${escapeHtml(p.name)}</td><td>${escapeHtml(i.name)}</td>` +
          `<td>${i.countPerYear}</td><td>${escapeHtml(formatFen(i.priceFen))}</td><td>${escapeHtml(formatFen(i.subsidyFen))}</td>` +
          `<td>${escapeHtml(formatFen(i.priceFen - i.subsidyFen))}</td><td>${escapeHtml(PAYER_LABELS[i.payer])}</td></tr>`,
      ),
    )
    .join('');
  const e = escapeHtml;
  await recordAudit(db, request, {
    action: 'fd_contract.print_agreement',
    entityType: 'fd_contract',
    entityId: id,
    regionCode: row.village_code,
    result: 'success',
    idUnmasked: true,
  });
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>家庭医生签约服务协议书 ${e(row.contract_no)}</title>
<style>
body{font-family:"SimSun","Songti SC",serif;max-width:760px;margin:24px auto;color:#000;font-size:14px;line-height:1.8}
h1{text-align:center;font-size:22px;margin-bottom:4px}.no{text-align:right}
table{width:100%;border-collapse:collapse;margin:8px 0}td,th{border:1px solid #000;padding:4px 6px;text-align:left}
.sign{display:flex;justify-content:space-between;margin-top:48px}.sign div{width:45%}
@media print{body{margin:0}.noprint{display:none}}
</style></head><body>
<p class="noprint">请使用浏览器的打印功能（Ctrl+P）打印本页。</p>
<h1>家庭医生签约服务协议书</h1>
<p class="no">协议编号：${e(row.contract_no)}</p>
<p>甲方（签约居民）：${e(row.person_name)}　性别：${row.sex === 'M' ? '男' : '女'}　出生日期：${e(row.birth_date)}</p>
<p>身份证号：${e(row.id_number)}　联系电话：${e(row.phone ?? '')}　住址：${e(detail.villageName)}</p>
<p>乙方（家庭医生团队）：${e(team.name)}　所属机构：${e(team.institution_name ?? '')}</p>
<table><tr><th>团队成员</th><th>职责</th><th>联系电话</th></tr>
${members.map((m) => `<tr><td>${e(m.name)}</td><td>${e(roleLabel[m.role])}</td><td>${e(m.phone ?? '')}</td></tr>`).join('')}
</table>
<p>服务期限：自 ${e(row.start_date)} 起至 ${e(row.end_date)} 止。期满后双方无异议可续约。</p>
<p>服务内容：</p>
<table><tr><th>服务包</th><th>服务项目</th><th>次数/年</th><th>价格</th><th>补助</th><th>个人支付</th><th>支付方</th></tr>${itemRows}</table>
<p>一、乙方按照国家基本公共卫生服务规范为甲方提供上述服务，建立并维护健康档案，按时随访，保护甲方隐私。</p>
<p>二、甲方如实提供健康信息，配合随访和健康体检，遵从医嘱。</p>
<p>三、服务期内甲方迁出、连续一年无法联系或拒绝服务、主动申请或死亡的，本协议解除。</p>
<p>四、本协议一式两份，甲乙双方各执一份，自双方签字之日起生效。</p>
<div class="sign"><div>甲方（签字/手印）：<br><br>日期：　　年　　月　　日</div>
<div>乙方签约医生：${e(row.doctor_name ?? '')}<br><br>日期：　　年　　月　　日</div></div>
</body></html>`;
}
