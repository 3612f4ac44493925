import {
  ageOn,
  maskIdNumber,
  maskName,
  normalizeIdInput,
  REGISTRY_CATEGORY_LABELS,
  type RegistryCategory,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import { categoriesOn, findIdIndex, findPersonInScope } from './persons.repository.ts';
import { parseIdOrFail } from './persons.service.ts';
import { todayInChina } from './registry-support.ts';

/** 四类人员 (domain.md §6): 低保, 特困供养, 重度残疾, 建档立卡 (and 脱贫人口 kept in the policy transition). */
const PRIORITY: ReadonlySet<RegistryCategory> = new Set([
  'poor_registered',
  'poverty_exited',
  'dibao',
  'tekun',
  'severe_disability',
]);

/**
 * Hospital identity check (就医身份自动识别): is this ID in the registry (within the caller's scope), and
 * which categories does the person hold on the date. Only masked identity leaves the server; every check
 * is audited.
 */
export async function checkIdentity(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  query: { idNumber: string; date?: string | undefined },
) {
  const date = query.date ?? todayInChina();
  let id: ReturnType<typeof parseIdOrFail>;
  try {
    id = parseIdOrFail(query.idNumber);
  } catch (error) {
    await recordAudit(db, request, {
      action: 'identity.checked',
      entityType: 'person',
      result: 'failure',
      detail: { reason: 'invalid_id', idNumberMasked: maskIdNumber(normalizeIdInput(query.idNumber)) },
    });
    throw error;
  }
  const index = await findIdIndex(db, id.idNumber);
  const person = index ? await findPersonInScope(db, dataScopeOf(actor), index.person_id) : undefined;
  const found = person !== undefined && person.county_code === index?.county_code;
  const categories = found
    ? ((await categoriesOn(db, person.county_code, [person.id], date)).get(person.id) ?? [])
    : [];
  const isPriorityGroup = categories.some((c) => PRIORITY.has(c));
  await recordAudit(db, request, {
    action: 'identity.checked',
    entityType: 'person',
    entityId: found ? person.id : null,
    regionCode: found ? person.village_code : null,
    result: 'success',
    detail: { found, date, idNumberMasked: maskIdNumber(id.idNumber), categories },
  });
  if (!found) {
    return {
      idNumberMasked: maskIdNumber(id.idNumber),
      date,
      found: false,
      nameMasked: null,
      sex: null,
      age: null,
      villageName: null,
      status: null,
      categories: [],
      isPriorityGroup: false,
      message: '未在本辖区健康扶贫人员库中找到此人，按普通患者办理',
    };
  }
  const statusNote =
    person.status === 'dead'
      ? '（登记为已死亡，请核对身份）'
      : person.status === 'moved_out'
        ? '（登记为已迁出）'
        : '';
  return {
    idNumberMasked: maskIdNumber(id.idNumber),
    date,
    found: true,
    nameMasked: maskName(person.name),
    sex: person.sex,
    age: ageOn(person.birth_date, date),
    villageName: person.village_name,
    status: person.status,
    categories: categories.map((code) => ({ code, label: REGISTRY_CATEGORY_LABELS[code] })),
    isPriorityGroup,
    message:
      (categories.length > 0
        ? `${date}有效身份：${categories.map((c) => REGISTRY_CATEGORY_LABELS[c]).join('、')}`
        : `${date}无有效的扶贫人员类别`) + statusNote,
  };
}
