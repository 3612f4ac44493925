import { type Kysely, sql, type Transaction } from 'kysely';
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

/**
 * Appends many audit events in one statement (a batch of the group-commit writer): one fixed statement over
 * arrays whatever the batch size, so its text and planning cost do not grow with the batch.
 */
export async function insertAuditEvents(
  db: Kysely<DB> | Transaction<DB>,
  events: readonly (AuditEventInput & { occurredAt: Date })[],
): Promise<void> {
  if (events.length === 0) {
    return;
  }
  const column = <T>(pick: (event: AuditEventInput & { occurredAt: Date }) => T) => events.map(pick);
  await sql`
    INSERT INTO audit_event (occurred_at, user_id, username, role, action, entity_type, entity_id, region_code,
                             client_ip, result, id_unmasked, request_id, detail)
    SELECT * FROM unnest(
      ${column((e) => e.occurredAt.toISOString())}::timestamptz[], ${column((e) => e.userId)}::bigint[],
      ${column((e) => e.username)}::text[], ${column((e) => e.role)}::text[], ${column((e) => e.action)}::text[],
      ${column((e) => e.entityType ?? null)}::text[],
      ${column((e) => (e.entityId === undefined || e.entityId === null ? null : String(e.entityId)))}::text[],
      ${column((e) => e.regionCode ?? null)}::bpchar[], ${column((e) => e.clientIp ?? null)}::text[],
      ${column((e) => e.result)}::text[], ${column((e) => e.idUnmasked ?? false)}::boolean[],
      ${column((e) => e.requestId ?? null)}::text[],
      ${column((e) => (e.detail ? JSON.stringify(e.detail) : null))}::jsonb[])`.execute(db);
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
