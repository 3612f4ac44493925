import {
  describePolicySetIssues,
  listPolicyRegionCandidates,
  parsePolicySet,
  type TPolicySet,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError, forbidden, notFound } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import { findPolicySet, listPolicySets, type PolicySetRow } from './settlements.repository.ts';

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

export async function visiblePolicyOrFail(db: Kysely<DB>, actor: Actor, id: number) {
  const row = await findPolicySet(db, id);
  if (!row || !isPolicyVisible(actor, row.region_code)) {
    throw notFound('政策参数集');
  }
  return row;
}

export async function getPolicy(db: Kysely<DB>, actor: Actor, id: number) {
  return policyDto(await visiblePolicyOrFail(db, actor, id));
}

export function parsePolicyOrFail(body: unknown): TPolicySet {
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
