import {
  checkNewReferral,
  maskIdNumber,
  REFERRAL_DIRECTION_LABELS,
  REFERRAL_STATUS_LABELS,
  type ReferralDirection,
  type ReferralStatus,
  referralDirectionOf,
  transitionReferral,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import { findDiagnosisInScope, findPersonInScope } from '../diseases/diseases.repository.ts';
import { type RegionScope, todayInChina } from '../diseases/diseases.service.ts';
import { requireActiveInstitution } from './institution-ref.ts';
import {
  findReferralInScope,
  listReferralEvents,
  listReferrals,
  type ReferralFilter,
  type ReferralRow,
} from './institutions.repository.ts';
import type { TReferralDto, ZReferralCreateBody, ZReferralStatusBody } from './institutions.schema.ts';

type Db = Kysely<DB>;
type Page = { page: number; pageSize: number };

function referralDto(row: ReferralRow): TReferralDto {
  const status = row.status as ReferralStatus;
  const direction = row.direction as ReferralDirection;
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    idNumberMasked: maskIdNumber(row.id_number),
    villageName: row.village_name,
    townshipName: row.township_name,
    fromInstitution: row.from_institution,
    fromName: row.from_name,
    toInstitution: row.to_institution,
    toName: row.to_name,
    direction,
    directionLabel: REFERRAL_DIRECTION_LABELS[direction],
    reason: row.reason,
    diagnosisId: row.diagnosis_id,
    referredOn: row.referred_on,
    status,
    statusLabel: REFERRAL_STATUS_LABELS[status],
    statusDate: row.status_date,
    note: row.note,
  };
}

async function referralOrFail(db: Db, scope: DataScope, id: number) {
  const row = await findReferralInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `转诊记录（编号${id}）不存在或不在您的管辖范围内`);
  }
  return row;
}

export async function getReferral(db: Db, scope: DataScope, id: number) {
  const row = await referralOrFail(db, scope, id);
  const events = await listReferralEvents(db, row.county_code, row.id);
  return {
    ...referralDto(row),
    history: events.map((e) => ({
      status: e.status,
      statusLabel: REFERRAL_STATUS_LABELS[e.status as ReferralStatus] ?? e.status,
      date: e.event_date,
      note: e.note,
      by: e.created_by_name,
    })),
  };
}

export async function listReferralsPage(db: Db, scope: DataScope, filter: ReferralFilter, page: Page) {
  const { total, rows } = await listReferrals(db, scope, filter, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items: rows.map(referralDto), total, page: page.page, pageSize: page.pageSize };
}

export async function listReferralsOfPerson(db: Db, scope: DataScope, personId: number) {
  if (!(await findPersonInScope(db, scope, personId))) {
    throw new AppError('NOT_FOUND', `人员（编号${personId}）不存在或不在您的管辖范围内`);
  }
  const { rows } = await listReferrals(db, scope, { personId }, { limit: 500, offset: 0 });
  return rows.map(referralDto);
}

export async function exportReferrals(
  db: Db,
  request: FastifyRequest,
  region: RegionScope,
  filter: ReferralFilter,
) {
  const { rows } = await listReferrals(db, region.scope, filter, { limit: 50_000, offset: 0 });
  await recordAudit(db, request, {
    action: 'referral.exported',
    entityType: 'referral',
    regionCode: region.regionCode,
    result: 'success',
    detail: { rows: rows.length, filter },
  });
  return buildXlsx(
    '转诊记录',
    [
      { header: '乡镇', value: (d: TReferralDto) => d.townshipName },
      { header: '村', value: (d) => d.villageName },
      { header: '姓名', width: 10, value: (d) => d.personName },
      { header: '身份证号', width: 22, value: (d) => d.idNumberMasked },
      { header: '转出机构', width: 24, value: (d) => d.fromName },
      { header: '转入机构', width: 24, value: (d) => d.toName },
      { header: '方向', width: 8, value: (d) => d.directionLabel },
      { header: '转诊原因', width: 28, value: (d) => d.reason },
      { header: '转诊日期', width: 12, value: (d) => d.referredOn },
      { header: '状态', width: 10, value: (d) => d.statusLabel },
      { header: '状态日期', width: 12, value: (d) => d.statusDate },
      { header: '说明', width: 24, value: (d) => d.note },
    ],
    rows.map(referralDto),
  );
}

export async function createReferral(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  body: z.infer<typeof ZReferralCreateBody>,
) {
  const scope = dataScopeOf(actor);
  const person = await findPersonInScope(db, scope, body.personId);
  if (!person) {
    throw new AppError('NOT_FOUND', `人员（编号${body.personId}）不存在或不在您的管辖范围内`);
  }
  const today = todayInChina();
  if (body.referredOn > today) {
    throw new AppError('VALIDATION_FAILED', `转诊日期${body.referredOn}晚于今天${today}`);
  }
  if (actor.institutionCode && body.fromInstitution !== actor.institutionCode) {
    throw new AppError('FORBIDDEN', `您只能从本机构（${actor.institutionCode}）转出患者`);
  }
  const from = await requireActiveInstitution(db, body.fromInstitution, '转出机构');
  const to = await db
    .selectFrom('medical_institution')
    .select(['code', 'name', 'level', 'active'])
    .where('code', '=', body.toInstitution)
    .executeTakeFirst();
  if (!to) {
    throw new AppError(
      'VALIDATION_FAILED',
      `转入机构“${body.toInstitution}”不存在：请先在“医疗机构”中登记该机构`,
    );
  }
  const problems = checkNewReferral({
    fromCode: from.code,
    toCode: to.code,
    toLevel: to.level as typeof from.level,
    isToActive: to.active,
    reason: body.reason,
  });
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', problems.join('；'));
  }
  if (body.diagnosisId !== undefined) {
    const diagnosis = await findDiagnosisInScope(db, scope, body.diagnosisId);
    if (!diagnosis || diagnosis.person_id !== person.id) {
      throw new AppError('VALIDATION_FAILED', `诊断（编号${body.diagnosisId}）不是${person.name}的诊断`);
    }
  }
  const direction = referralDirectionOf(from.level, to.level as typeof from.level);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('referral')
      .values({
        county_code: person.county_code,
        person_id: person.id,
        from_institution: from.code,
        to_institution: to.code,
        direction,
        reason: body.reason,
        diagnosis_id: body.diagnosisId ?? null,
        referred_on: body.referredOn,
        status: 'pending',
        status_date: body.referredOn,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('referral_event')
      .values({
        county_code: person.county_code,
        referral_id: row.id,
        status: 'pending',
        event_date: body.referredOn,
        note: body.reason,
        created_by: actor.userId,
        created_by_name: actor.displayName || actor.username,
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'referral.created',
      entityType: 'referral',
      entityId: row.id,
      regionCode: person.village_code,
      result: 'success',
      detail: { personId: person.id, from: from.code, to: to.code, direction, reason: body.reason },
    });
    return row.id;
  });
  return getReferral(db, scope, id);
}

export async function changeReferralStatus(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: z.infer<typeof ZReferralStatusBody>,
) {
  const scope = dataScopeOf(actor);
  const row = await referralOrFail(db, scope, id);
  const what = `${row.person_name}从“${row.from_name}”到“${row.to_name}”的转诊`;
  if (body.date > todayInChina()) {
    throw new AppError('VALIDATION_FAILED', `${what}：变更日期${body.date}晚于今天`);
  }
  const result = transitionReferral(
    { status: row.status as ReferralStatus, statusDate: row.status_date, note: row.note },
    { to: body.to, date: body.date, note: body.note },
  );
  if (!result.ok) {
    throw new AppError('BAD_REQUEST', `${what}：${result.error.message}`, { code: result.error.code });
  }
  const next = result.value;
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('referral')
      .set({ status: next.status, status_date: next.statusDate, note: next.note, updated_at: new Date() })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', `${what}的状态已被他人修改，请刷新后重试`);
    }
    await trx
      .insertInto('referral_event')
      .values({
        county_code: row.county_code,
        referral_id: row.id,
        status: next.status,
        event_date: next.statusDate,
        note: next.note,
        created_by: actor.userId,
        created_by_name: actor.displayName || actor.username,
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'referral.status_changed',
      entityType: 'referral',
      entityId: row.id,
      regionCode: row.village_code,
      result: 'success',
      detail: {
        personId: row.person_id,
        from: row.status,
        to: next.status,
        date: next.statusDate,
        note: next.note,
      },
    });
  });
  return getReferral(db, scope, id);
}
