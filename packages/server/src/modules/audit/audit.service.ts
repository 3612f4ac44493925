import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type AuditEventInput, insertAuditEvent } from './audit.repository.ts';

export type AuditDetails = Omit<AuditEventInput, 'userId' | 'username' | 'role' | 'clientIp' | 'requestId'>;

/** Who/where of an audit event, taken from the request (the actor may be absent, e.g. a failed login). */
export function auditContextOf(request: FastifyRequest) {
  return {
    userId: request.actor?.userId ?? null,
    username: request.actor?.username ?? null,
    role: request.actor?.role ?? null,
    clientIp: request.ip,
    requestId: request.id,
  };
}

/**
 * Records one audit event. Pass the transaction of the write being audited so the event and the
 * change commit together (or not at all).
 */
export function recordAudit(
  db: Kysely<DB> | Transaction<DB>,
  request: FastifyRequest,
  event: AuditDetails & Partial<Pick<AuditEventInput, 'username' | 'userId' | 'role'>>,
): Promise<void> {
  return insertAuditEvent(db, { ...auditContextOf(request), ...event });
}
