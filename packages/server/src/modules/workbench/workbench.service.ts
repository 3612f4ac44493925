import { addDays, can, type Permission } from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import type { DataScope } from '../auth/data-scope.ts';
import { type RegionScope, resolveRegionScope } from '../chronic/chronic-scope.ts';
import { countContracts } from '../chronic/family-doctor.repository.ts';
import { countOverdue } from '../chronic/follow-ups.service.ts';
import { countDiagnoses } from '../diseases/diseases.repository.ts';
import { resolveScope, todayInChina } from '../diseases/diseases.service.ts';
import { countWarnings } from '../early-warning/early-warning.repository.ts';
import { countPreviewedBatches } from '../imports/imports.repository.ts';
import { importScopeOf } from '../imports/imports.service.ts';
import { countTasks } from '../registry/verification.repository.ts';
import { countOpenProblems } from '../supervision/supervision.repository.ts';
import type { TTodoItem, WorkItemKey } from './workbench.schema.ts';

/** Contracts ending within this many days are due for renewal (签约30天内到期). */
export const CONTRACT_RENEWAL_WINDOW_DAYS = 30;

type Counted = { count: number; overdueCount?: number };

type TodoDefinition = {
  key: WorkItemKey;
  label: string;
  /**
   * What the caller needs for the item to be his work: reading the linked list and acting on its rows.
   * Roles that may only look (auditor, viewer) have no to-dos.
   */
  permissions: readonly Permission[];
  path: (asOf: string) => string;
  count: (context: CountContext) => Promise<Counted>;
};

type CountContext = {
  db: Kysely<DB>;
  actor: Actor;
  asOf: string;
  /** The caller's scope, or the part of it inside the region the caller is viewing. */
  scope: DataScope;
  /**
   * The same for the chronic lists (with a village doctor's team villages), resolved once per request, as
   * the follow-up and contract lists resolve it.
   */
  chronicScope: () => Promise<RegionScope>;
};

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/**
 * The to-do items of the workbench, each counted by the same repository function and scope as the list it
 * links to (the list's `total` with the filter in `path`), one COUNT query each.
 */
const WORK_ITEMS: readonly TodoDefinition[] = [
  {
    key: 'verification',
    label: '入户核实待完成',
    permissions: ['persons.read', 'followups.write'],
    path: () => `/verification?${query({ status: 'open' })}`,
    // Tasks have no due date, hence no overdue count.
    count: async ({ db, scope }) => ({ count: await countTasks(db, scope, { status: 'open' }) }),
  },
  {
    key: 'diagnoses',
    label: '疾病待核准',
    permissions: ['persons.read', 'persons.write'],
    path: () => `/diseases/diagnoses?${query({ status: 'pending' })}`,
    count: async ({ db, scope }) => ({ count: await countDiagnoses(db, scope, { status: 'pending' }) }),
  },
  {
    key: 'followups',
    label: '今日待随访',
    permissions: ['persons.read', 'followups.write'],
    path: () => '/chronic/overdue',
    count: async ({ db, asOf, chronicScope }) => {
      const counts = await countOverdue(db, await chronicScope(), asOf);
      return { count: counts.total, overdueCount: counts.total - counts.due_today };
    },
  },
  {
    key: 'contracts',
    label: `签约${CONTRACT_RENEWAL_WINDOW_DAYS}天内到期`,
    permissions: ['persons.read', 'followups.write'],
    path: (asOf) =>
      `/chronic/contracts?${query({ inForceOn: asOf, renewalDueBy: addDays(asOf, CONTRACT_RENEWAL_WINDOW_DAYS) })}`,
    count: async ({ db, asOf, chronicScope }) => {
      const rs = await chronicScope();
      return {
        count: await countContracts(db, rs.scope, {
          inForceOn: asOf,
          renewalDueBy: addDays(asOf, CONTRACT_RENEWAL_WINDOW_DAYS),
        }),
      };
    },
  },
  {
    key: 'warnings',
    label: '风险预警待处置',
    permissions: ['warnings.read', 'warnings.handle'],
    path: () => `/early-warning/warnings?${query({ open: 'true' })}`,
    count: async ({ db, scope }) => ({ count: await countWarnings(db, scope, { open: true }) }),
  },
  {
    key: 'problems',
    label: '问题待整改',
    permissions: ['supervision.read', 'supervision.rectify'],
    path: () => `/supervision/problems?${query({ open: 'true' })}`,
    count: async ({ db, scope, asOf }) => {
      const counts = await countOpenProblems(db, scope, asOf);
      return { count: counts.open, overdueCount: counts.overdue };
    },
  },
  {
    key: 'imports',
    label: '导入待确认',
    permissions: ['registry.import'],
    path: () => '/registry/import',
    count: async ({ db, actor }) => ({ count: await countPreviewedBatches(db, importScopeOf(actor)) }),
  },
];

/**
 * The caller's to-do items (those his role may work on), counted concurrently, in a fixed order: in the
 * caller's scope, or in the part of it inside `region` (the region the caller is viewing; one outside the
 * scope is refused and audited, as by the lists).
 */
export async function listTodos(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  region: string | undefined,
) {
  const asOf = todayInChina();
  const mine = WORK_ITEMS.filter((todo) => todo.permissions.every((p) => can(actor.role, p)));
  const { scope } = await resolveScope(db, request, actor, region);
  let chronic: Promise<RegionScope> | null = null;
  const context: CountContext = {
    db,
    actor,
    asOf,
    scope,
    chronicScope: () => {
      chronic ??= resolveRegionScope(db, request, actor, region);
      return chronic;
    },
  };
  const counted = await Promise.all(mine.map((todo) => todo.count(context)));
  const items: TTodoItem[] = mine.map((todo, i) => ({
    key: todo.key,
    label: todo.label,
    ...counted[i],
    count: counted[i]?.count ?? 0,
    path: todo.path(asOf),
  }));
  return { asOf, items };
}
