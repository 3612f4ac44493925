import { isRegionWithin, maskIdNumber, VERIFICATION_OUTCOME_LABELS } from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { offsetOf } from '../../http/pagination.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import { applyPersonPatch, getPersonOrFail, type PersonPatch } from './persons.service.ts';
import type { TVerificationResultBody, TVerificationTaskDto } from './registry.schema.ts';
import { assertWritableVillage, requestScope, todayInChina } from './registry-support.ts';
import {
  countTasks,
  findFlaggedWithoutTask,
  findOpenTaskOfPerson,
  findTaskInScope,
  findTasks,
  type TaskRow,
} from './verification.repository.ts';

function rowToTaskDto(row: TaskRow): TVerificationTaskDto {
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    idNumberMasked: maskIdNumber(row.id_number),
    villageCode: row.village_code,
    villageName: row.village_name,
    assignedRegionCode: row.assigned_region_code,
    assignedRegionName: row.assigned_region_name,
    assignedUserId: row.assigned_user_id,
    source: row.source,
    reason: row.reason,
    status: row.status,
    outcome: row.outcome,
    note: row.note,
    corrections: (row.corrections as Record<string, unknown> | null) ?? null,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
  };
}

export async function listTasks(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  query: {
    status?: 'open' | 'completed' | 'cancelled' | undefined;
    regionCode?: string | undefined;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  const scope = await requestScope(db, request, actor, query.regionCode);
  const filter = { status: query.status, q: query.q };
  const [total, rows] = await Promise.all([
    countTasks(db, scope, filter),
    findTasks(db, scope, filter, query.pageSize, offsetOf(query)),
  ]);
  return { items: rows.map(rowToTaskDto), total, page: query.page, pageSize: query.pageSize };
}

/** The township of a village (the default assignee of its tasks). */
export const townshipOf = (villageCode: string) => `${villageCode.slice(0, 9)}000`;

/** A task to open for a registered person (see insertTasks). */
export type NewVerificationTask = {
  person: { county_code: string; id: number; name: string; village_code: string };
  reason: string;
  /** The township or village to do the visit; the township of the person's village by default. */
  assignedRegionCode?: string | undefined;
  assignedUserId?: number | null | undefined;
  source: 'manual' | 'flag' | 'comparison';
  sourceRef?: string | null | undefined;
};

/**
 * Opens verification tasks in the caller's transaction: each assignee must contain the person's village
 * and lie within the caller's region (else the whole call fails, naming the person). A person who already
 * has an open task gets no second one. Returns the new task id of each person that got one.
 */
export async function insertTasks(
  trx: Transaction<DB>,
  actor: Actor,
  tasks: readonly NewVerificationTask[],
): Promise<Map<number, number>> {
  const created = new Map<number, number>();
  const rows = tasks.map((task) => {
    const { person } = task;
    const assigned = task.assignedRegionCode ?? townshipOf(person.village_code);
    if (!isRegionWithin(person.village_code, assigned) || !isRegionWithin(assigned, actor.regionCode)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `指派区划${assigned}须包含人员“${person.name}”所在村且在您的管辖范围内`,
      );
    }
    return {
      county_code: person.county_code,
      person_id: person.id,
      village_code: person.village_code,
      assigned_region_code: assigned,
      assigned_user_id: task.assignedUserId ?? null,
      source: task.source,
      reason: task.reason,
      source_ref: task.sourceRef ?? null,
      created_by: actor.userId,
    };
  });
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await trx
      .insertInto('verification_task')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['county_code', 'person_id']).where('status', '=', 'open').doNothing())
      .returning(['id', 'person_id'])
      .execute();
    for (const row of inserted) {
      created.set(row.person_id, row.id);
    }
  }
  return created;
}

export async function createTask(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  body: {
    personId: number;
    reason: string;
    assignedRegionCode?: string | undefined;
    assignedUserId?: number | null | undefined;
  },
) {
  const person = await getPersonOrFail(db, actor, body.personId);
  if (await findOpenTaskOfPerson(db, person.county_code, person.id)) {
    throw new AppError('CONFLICT', `人员“${person.name}”已有未完成的入户核实任务`);
  }
  const id = await db.transaction().execute(async (trx) => {
    const created = await insertTasks(trx, actor, [
      {
        person,
        reason: body.reason,
        assignedRegionCode: body.assignedRegionCode,
        assignedUserId: body.assignedUserId,
        source: 'manual',
      },
    ]);
    const taskId = created.get(person.id);
    if (taskId === undefined) {
      throw new AppError('CONFLICT', `人员“${person.name}”已有未完成的入户核实任务`);
    }
    await recordAudit(trx, request, {
      action: 'verification.created',
      entityType: 'verification_task',
      entityId: taskId,
      regionCode: person.village_code,
      result: 'success',
      detail: { personId: person.id, reason: body.reason },
    });
    return taskId;
  });
  return getTaskOrFail(db, actor, id);
}

/** Creates one task for every flagged person (needs_verification) in the scope without an open task. */
export async function generateTasksForFlagged(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  regionCode: string | undefined,
) {
  const scope = await requestScope(db, request, actor, regionCode);
  const flagged = await findFlaggedWithoutTask(db, scope, 5_000);
  if (flagged.length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('verification_task')
        .values(
          flagged.map((p) => ({
            county_code: p.county_code,
            person_id: p.id,
            village_code: p.village_code,
            assigned_region_code: townshipOf(p.village_code),
            source: 'flag' as const,
            reason: p.verification_reason ?? '系统标记待核实',
            created_by: actor.userId,
          })),
        )
        .execute();
      await recordAudit(trx, request, {
        action: 'verification.generated',
        entityType: 'verification_task',
        result: 'success',
        regionCode: scope.villagePrefix.padEnd(12, '0'),
        detail: { created: flagged.length },
      });
    });
  }
  return { created: flagged.length };
}

async function getTaskOrFail(db: Kysely<DB>, actor: Actor, id: number) {
  const task = await findTaskInScope(db, dataScopeOf(actor), id);
  if (!task) {
    throw new AppError('NOT_FOUND', `入户核实任务（编号${id}）不存在或不在您的管辖范围内`);
  }
  return rowToTaskDto(task);
}

/**
 * Records the outcome of a visit and applies it to the person with history (reason_type 'verification',
 * reason_ref 'task:<id>'): corrections, death or moving out with its date; the flag is cleared unless
 * the person was not found.
 */
export async function completeTask(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: TVerificationResultBody,
) {
  const task = await getTaskOrFail(db, actor, id);
  if (task.status !== 'open') {
    throw new AppError(
      'CONFLICT',
      `该任务已${task.status === 'completed' ? '完成' : '取消'}，不能再次提交结果`,
    );
  }
  const person = await getPersonOrFail(db, actor, task.personId);
  const patch: PersonPatch = {};
  if (body.outcome === 'corrected') {
    const corrections = body.corrections ?? {};
    if (Object.values(corrections).every((v) => v === undefined)) {
      throw new AppError('VALIDATION_FAILED', '核实结果为“已更正信息”时，请至少填写一项更正内容');
    }
    if (corrections.villageCode && corrections.villageCode !== person.village_code) {
      await assertWritableVillage(db, actor, corrections.villageCode);
      if (corrections.villageCode.slice(0, 6) !== person.county_code) {
        throw new AppError('VALIDATION_FAILED', '跨县迁移请选择“已迁出”');
      }
    }
    Object.assign(patch, corrections);
  }
  if (body.outcome === 'dead' || body.outcome === 'moved_out') {
    if (!body.statusDate) {
      throw new AppError('VALIDATION_FAILED', `请填写${body.outcome === 'dead' ? '死亡' : '迁出'}日期`);
    }
    if (body.statusDate > todayInChina() || body.statusDate < person.birth_date) {
      throw new AppError('VALIDATION_FAILED', `日期${body.statusDate}不能晚于今天或早于出生日期`);
    }
    patch.status = body.outcome;
    patch.statusDate = body.statusDate;
  }
  if (body.outcome === 'not_found') {
    patch.needsVerification = true;
    patch.verificationReason = '入户核实：查无此人';
  } else {
    patch.needsVerification = false;
    patch.verificationReason = null;
  }
  await db.transaction().execute(async (trx) => {
    const changes = await applyPersonPatch(trx, actor, person, patch, {
      reasonType: 'verification',
      reasonRef: `task:${id}`,
    });
    const updated = await trx
      .updateTable('verification_task')
      .set({
        status: 'completed',
        outcome: body.outcome,
        corrections: body.corrections ? JSON.stringify(body.corrections) : null,
        note: body.note ?? null,
        completed_by: actor.userId,
        completed_at: new Date(),
      })
      .where('county_code', '=', person.county_code)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', '该任务已被他人提交结果，请刷新');
    }
    await recordAudit(trx, request, {
      action: 'verification.completed',
      entityType: 'verification_task',
      entityId: id,
      regionCode: person.village_code,
      result: 'success',
      detail: {
        personId: person.id,
        outcome: body.outcome,
        outcomeLabel: VERIFICATION_OUTCOME_LABELS[body.outcome],
        fields: changes.map((c) => c.field),
      },
    });
  });
  return getTaskOrFail(db, actor, id);
}
