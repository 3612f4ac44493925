import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type AuditEventInput, insertAuditEvent, insertAuditEvents } from './audit.repository.ts';
import { BatchQueue } from './batch-queue.ts';

export type AuditDetails = Omit<AuditEventInput, 'userId' | 'username' | 'role' | 'clientIp' | 'requestId'>;

/**
 * Who/where of an audit event, taken from the request (the actor may be absent, e.g. a failed login). An
 * API token has no user: it is recorded as `api:<institution>#<token id>` with the role it acts in.
 */
export function auditContextOf(request: FastifyRequest) {
  const actor = request.actor;
  if (actor?.apiToken) {
    return {
      userId: null,
      username: `api:${actor.institutionCode ?? ''}#${actor.apiToken.id}`,
      role: actor.role,
      clientIp: request.ip,
      requestId: request.id,
    };
  }
  return {
    userId: actor?.userId ?? null,
    username: actor?.username ?? null,
    role: actor?.role ?? null,
    clientIp: request.ip,
    requestId: request.id,
  };
}

type AuditEvent = AuditDetails & Partial<Pick<AuditEventInput, 'username' | 'userId' | 'role'>>;

/**
 * Records one audit event. Pass the transaction of the write being audited so the event and the
 * change commit together (or not at all).
 */
export function recordAudit(
  db: Kysely<DB> | Transaction<DB>,
  request: FastifyRequest,
  event: AuditEvent,
): Promise<void> {
  return insertAuditEvent(db, { ...auditContextOf(request), ...event });
}

type QueuedAuditEvent = AuditEventInput & { occurredAt: Date };

/** One group-commit writer per database handle. */
const writers = new WeakMap<Kysely<DB>, BatchQueue<QueuedAuditEvent, void>>();

/** At most this many INSERTs at once; everything arriving meanwhile waits for the next one. */
const WRITER_MAX_IN_FLIGHT = 2;
const WRITER_MAX_BATCH = 1_000;

function writerFor(db: Kysely<DB>): BatchQueue<QueuedAuditEvent, void> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new BatchQueue<QueuedAuditEvent, void>({
      maxBatchSize: WRITER_MAX_BATCH,
      maxInFlight: WRITER_MAX_IN_FLIGHT,
      run: async (events) => {
        await insertAuditEvents(db, events);
        return events.map(() => undefined);
      },
    });
    writers.set(db, writer);
  }
  return writer;
}

/**
 * Records audit events of reads that change nothing else (identity checks, rejected API tokens) through the
 * group-commit writer: the events of concurrent requests are appended by one multi-row INSERT, and the
 * returned promise resolves only once that INSERT has committed, so the caller answers only after its
 * audit rows are durable. A failed INSERT rejects every caller of that batch (they answer with an error).
 * Writes keep using `recordAudit` inside their own transaction.
 */
export async function recordAuditsGrouped(
  db: Kysely<DB>,
  request: FastifyRequest,
  events: readonly AuditEvent[],
): Promise<void> {
  const context = auditContextOf(request);
  const occurredAt = new Date();
  await writerFor(db).pushAll(events.map((event) => ({ ...context, ...event, occurredAt })));
}

export function recordAuditGrouped(
  db: Kysely<DB>,
  request: FastifyRequest,
  event: AuditEvent,
): Promise<void> {
  return writerFor(db).push({ ...auditContextOf(request), ...event, occurredAt: new Date() });
}

/** Resolves when every queued audit event has been written (shutdown, tests). */
export function whenAuditWriterIdle(db: Kysely<DB>): Promise<void> {
  return writers.get(db)?.whenIdle() ?? Promise.resolve();
}
