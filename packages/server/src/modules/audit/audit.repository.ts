import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

export type AuditEventInput = {
  userId: number | null;
  username: string | null;
  role: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  regionCode?: string | null;
  clientIp?: string | null;
  result: 'success' | 'failure' | 'denied';
  idUnmasked?: boolean;
  requestId?: string | null;
  detail?: Record<string, unknown> | null;
};

export type AuditFilter = {
  from?: Date | undefined;
  to?: Date | undefined;
  username?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  result?: 'success' | 'failure' | 'denied' | undefined;
};

export async function insertAuditEvent(
  db: Kysely<DB> | Transaction<DB>,
  event: AuditEventInput,
): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      user_id: event.userId,
      username: event.username,
      role: event.role,
      action: event.action,
      entity_type: event.entityType ?? null,
      entity_id: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
      region_code: event.regionCode ?? null,
      client_ip: event.clientIp ?? null,
      result: event.result,
      id_unmasked: event.idUnmasked ?? false,
      request_id: event.requestId ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    })
    .execute();
}

function filtered(db: Kysely<DB>, filter: AuditFilter) {
  let query = db.selectFrom('audit_event');
  if (filter.from) {
    query = query.where('occurred_at', '>=', filter.from);
  }
  if (filter.to) {
    query = query.where('occurred_at', '<', filter.to);
  }
  if (filter.username) {
    query = query.where('username', '=', filter.username);
  }
  if (filter.action) {
    query = query.where('action', '=', filter.action);
  }
  if (filter.entityType) {
    query = query.where('entity_type', '=', filter.entityType);
  }
  if (filter.result) {
    query = query.where('result', '=', filter.result);
  }
  return query;
}

export async function countAuditEvents(db: Kysely<DB>, filter: AuditFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findAuditEvents(db: Kysely<DB>, filter: AuditFilter, limit: number, offset: number) {
  return filtered(db, filter)
    .selectAll('audit_event')
    .select((eb) =>
      eb
        .selectFrom('region')
        .whereRef('region.code', '=', 'audit_event.region_code')
        .select('region.name')
        .as('region_name'),
    )
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
