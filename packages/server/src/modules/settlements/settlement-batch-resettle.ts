import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createAccumulators,
  isIsoDate,
  listPolicyRegionCandidates,
  PERSON_CATEGORIES,
  type Role,
  regionScopePrefix,
  SettlementError,
  type SettlementResult,
  selectPolicyVersion,
  settleClaims,
  type TPolicySet,
  type TSettlementClaim,
} from '@healthaid/domain';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { engineHandlesOf } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { insertAuditEvent } from '../audit/audit.repository.ts';
import { type SettlementContext, seedContext } from './settlement-booking.ts';
import { compactResult, figuresOf, furtherLayerPaymentsOf } from './settlement-stored-result.ts';
import type { PolicySetRow } from './settlements.repository.ts';

/**
 * Re-settlement after a policy correction (政策版本更正) for a whole county: every person-year with a current
 * settlement in the corrected version's period (and the caller's region) is settled again in discharge-date
 * order from its opening accumulators; every claim whose figures or policy version changed gets a reversal entry
 * (冲销分录) and a new revision, and the person-year's accumulators are replaced.
 *
 * The work is set-based. Person-years go in batches of about `batchClaims` claims, each batch one transaction:
 *  1. lock the batch's accumulator rows in key order (one INSERT … ON CONFLICT DO UPDATE … WHERE false, which also
 *     creates missing ones) — the settlement window books under the same row locks, so nothing interleaves;
 *  2. read the batch's current settlements ordered by (insured, year, discharge date, claim) in one query, and the
 *     persons' category periods in another — no stored `result` is read back (the row's money columns decide
 *     whether a claim changed; only claims with further-layer payments bring their layer split);
 *  3. settle every person-year with the pure engine (settleClaims, no trace), exactly as the window would claim by
 *     claim;
 *  4. COPY the changed claims (new figures, compact result, opening accumulators, ids drawn from the sequence) into
 *     a temporary staging table, then ONE statement marks the old revisions reversed (UPDATE … FROM), writes their
 *     reversal entries and inserts the new revisions (data-modifying CTEs over the UPDATE's RETURNING, so every
 *     old row is visited once; the old rows are found by primary key), and one UPDATE … FROM replaces the
 *     accumulators. Staging tables are analysed on their join keys only;
 *  5. add the batch's counts to the run record (settlement_run) in the same transaction.
 * On PostgreSQL two batches run at once on two connections (person-years never overlap), so the engine and
 * serialisation in Node overlap the database work of the other batch. PGlite has one connection.
 *
 * A run is all-or-nothing per person-year and resumable: a batch commits whole person-years with its counts, so
 * a run that dies (process killed, a claim that cannot be settled) leaves every person-year either fully on the
 * new figures or untouched, and its settlement_run row 'failed' (or 'running' and no longer advancing). Starting
 * the re-settlement of the same version and region again resumes that run: it selects the person-years still
 * carrying a settlement of another version and carries on under the same run id, adding to its counts.
 * A server that starts finds the runs stopped by a shutdown or left by a dead process and resumes them itself
 * (resumeInterruptedRuns).
 * Secondary indexes stay in place (concurrent readers keep their plans); the stored `result` is compact.
 */

export type ResettleRunOptions = {
  policySetId: number;
  /** Only settlements of this county, and (optionally) of persons / outsiders under this region prefix. */
  countyCode: string;
  regionPrefix?: string;
  reason: string;
};

export type ResettleExecuteOptions = {
  /**
   * Claims per transaction (approximately: a person-year is never split). Default 20,000 on PostgreSQL; 2,000 on
   * PGlite, whose one connection serves the settlement window too, so that a batch never holds it for long.
   */
  batchClaims?: number;
  /** Batches in flight at once on PostgreSQL (PGlite: always 1). */
  concurrency?: number;
  onProgress?: (donePersonYears: number, totalPersonYears: number) => void;
  /** Called after each committed batch (tests use it to stop a run halfway). */
  onBatchCommitted?: (batchNo: number) => void | Promise<void>;
  /** Stops the run after the batches in flight (server shutdown); the run is left 'failed' and resumable. */
  signal?: AbortSignal;
};

/** The reason recorded on a run stopped by a server shutdown. */
export const RUN_INTERRUPTED =
  '服务停止，重新结算已中断（已完成的人员年度保留）；服务重新启动后自动从中断处继续，也可再次发起';

export type BatchResettleSummary = {
  runId: number;
  personYears: number;
  claims: number;
  reversals: number;
  newSettlements: number;
  /** True when this call continued an earlier run that had stopped. */
  resumed: boolean;
};

/** A running run not advanced for this long is taken to have died and may be resumed. */
export const STALE_RUN_MS = 5 * 60 * 1000;

const KNOWN: ReadonlySet<string> = new Set(PERSON_CATEGORIES);

type Kind = 'person' | 'outsider';

type Target = { kind: Kind; id: number; year: number; claims: number };

type Batch = { no: number; kind: Kind; targets: Target[]; claims: number };

/** One settlement row as the batch reads it. */
type LoadedRow = {
  id: number;
  insured_id: number;
  year: number;
  discharge_date: string;
  region_code: string | null;
  village_code: string | null;
  claim_no: string;
  claim: TSettlementClaim;
  policy_set_id: number;
  total_fen: number;
  basic_fen: number;
  critical_fen: number;
  assistance_fen: number;
  other_fen: number;
  self_pay_fen: number;
  borne_fen: number;
  in_scope_self_pay_fen: number;
  deposit_waived_fen: number;
  result: unknown;
};

// ------------------------------------------------------------------ runs

async function publishedPolicyOrFail(db: Kysely<DB>, policySetId: number) {
  const policy = await db
    .selectFrom('policy_set')
    .select(['id', 'code', 'name', 'region_code', 'version', 'effective_from', 'effective_to', 'status'])
    .where('id', '=', policySetId)
    .executeTakeFirst();
  if (!policy) {
    throw new AppError('NOT_FOUND', '政策参数集不存在');
  }
  if (policy.status !== 'published') {
    throw new AppError(
      'CONFLICT',
      `政策“${policy.name}”第 ${policy.version} 版尚未发布，发布后才能据此重新结算`,
    );
  }
  return policy;
}

/**
 * Opens the run of a policy correction: a new settlement_run, or the unfinished run of the same version and region
 * (failed, or running without progress for STALE_RUN_MS), which is then resumed. `isAlreadyRunning` when another
 * process is working on it right now.
 */
export async function startPolicyResettle(
  db: Kysely<DB>,
  ctx: SettlementContext,
  options: ResettleRunOptions,
): Promise<{ runId: number; resumed: boolean; isAlreadyRunning: boolean }> {
  const policy = await publishedPolicyOrFail(db, options.policySetId);
  const region = (options.regionPrefix ?? options.countyCode).padEnd(12, '0');
  return db.transaction().execute(async (trx) => {
    // One opener at a time per policy version.
    await sql`SELECT id FROM policy_set WHERE id = ${policy.id} FOR UPDATE`.execute(trx);
    const open = await trx
      .selectFrom('settlement_run')
      .select(['id', 'status', 'updated_at'])
      .where('kind', '=', 'policy_correction')
      .where('policy_set_id', '=', policy.id)
      .where('region_code', '=', region)
      .where('status', '<>', 'finished')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (open) {
      const isAlive =
        open.status === 'running' && Date.now() - new Date(open.updated_at).getTime() < STALE_RUN_MS;
      if (isAlive) {
        return { runId: open.id, resumed: false, isAlreadyRunning: true };
      }
      await trx
        .updateTable('settlement_run')
        .set({ status: 'running', error: null, updated_at: new Date() })
        .where('id', '=', open.id)
        .execute();
      return { runId: open.id, resumed: true, isAlreadyRunning: false };
    }
    const run = await trx
      .insertInto('settlement_run')
      .values({
        kind: 'policy_correction',
        reason: options.reason,
        region_code: region,
        policy_set_id: policy.id,
        status: 'running',
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { runId: run.id, resumed: false, isAlreadyRunning: false };
  });
}

/** Runs (or resumes) a policy-correction run to its end; marks it 'failed' with the reason when it stops. */
export async function executePolicyResettle(
  db: Kysely<DB>,
  ctx: SettlementContext,
  runId: number,
  options: ResettleExecuteOptions & { resumed?: boolean } = {},
): Promise<BatchResettleSummary> {
  const run = await db.selectFrom('settlement_run').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run || run.kind !== 'policy_correction' || run.policy_set_id === null) {
    throw new AppError('NOT_FOUND', '重新结算批次不存在');
  }
  try {
    const policy = await publishedPolicyOrFail(db, run.policy_set_id);
    const prefix = regionScopePrefix(run.region_code);
    const countyCode = prefix.slice(0, 6);
    const targets = await selectTargets(db, { countyCode, prefix, policy });
    await db
      .updateTable('settlement_run')
      .set({ person_years_total: run.person_years + targets.length, updated_at: new Date() })
      .where('id', '=', runId)
      .execute();
    const chooser = policyChooser(await loadPublishedPolicies(db));
    const batches = buildBatches(
      targets,
      options.batchClaims ?? (engineHandlesOf(db)?.pglite ? 2_000 : 20_000),
    );
    let done = 0;
    await runBatches(db, batches, options.concurrency ?? 2, options.signal, async (conn, batch) => {
      await conn.transaction(async (trx, copy) => {
        const counts = await resettleBatch(trx, copy, {
          ctx,
          runId,
          countyCode,
          reason: run.reason,
          batch,
          choose: chooser,
        });
        await sql`UPDATE settlement_run SET person_years = person_years + ${batch.targets.length},
            claims = claims + ${counts.claims}, reversals = reversals + ${counts.changed},
            new_settlements = new_settlements + ${counts.changed}, batches = batches + 1, updated_at = now()
          WHERE id = ${runId}`.execute(trx);
      });
      done += batch.targets.length;
      options.onProgress?.(done, targets.length);
      await options.onBatchCommitted?.(batch.no);
    });
    const finished = await db
      .updateTable('settlement_run')
      .set({ status: 'finished', finished_at: new Date(), updated_at: new Date(), error: null })
      .where('id', '=', runId)
      .returning(['person_years', 'claims', 'reversals', 'new_settlements'])
      .executeTakeFirstOrThrow();
    const summary: BatchResettleSummary = {
      runId,
      personYears: finished.person_years,
      claims: finished.claims,
      reversals: finished.reversals,
      newSettlements: finished.new_settlements,
      resumed: options.resumed === true,
    };
    await insertAuditEvent(db, {
      ...ctx.audit,
      action: 'settlement.policy_resettled',
      entityType: 'policy_set',
      entityId: policy.id,
      regionCode: run.region_code,
      result: 'success',
      detail: { ...summary, reason: run.reason },
    });
    return summary;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .updateTable('settlement_run')
      .set({ status: 'failed', error: message.slice(0, 2000), updated_at: new Date() })
      .where('id', '=', runId)
      .execute();
    throw error;
  }
}

/** Opens or resumes the run and carries it to its end (bench, scripts). */
export async function resettleForPolicy(
  db: Kysely<DB>,
  ctx: SettlementContext,
  options: ResettleRunOptions & ResettleExecuteOptions,
): Promise<BatchResettleSummary> {
  const started = await startPolicyResettle(db, ctx, options);
  if (started.isAlreadyRunning) {
    throw new AppError('CONFLICT', `该政策版本的重新结算正在进行（批次 ${started.runId}），请稍后查看进度`);
  }
  return executePolicyResettle(db, ctx, started.runId, { ...options, resumed: started.resumed });
}

/**
 * Resumes the policy-correction runs a server left unfinished, each as the user who started it: runs stopped by a
 * shutdown (failed with RUN_INTERRUPTED) and runs no longer advancing (running, untouched for STALE_RUN_MS: the
 * process that ran them died). The settlement routes call this when the server is ready, so a restart in the middle
 * of a county's re-settlement carries on by itself. Runs that failed for another reason (a claim that cannot be
 * settled) wait for a user to start them again, as do runs whose starter's account is disabled. The returned work
 * never rejects: a failure is recorded on the run (executePolicyResettle) and passed to `onError`.
 */
export async function resumeInterruptedRuns(
  db: Kysely<DB>,
  options: { signal?: AbortSignal; onError?: (runId: number, error: unknown) => void } = {},
): Promise<{ runId: number; work: Promise<BatchResettleSummary | null> }[]> {
  const staleBefore = new Date(Date.now() - STALE_RUN_MS);
  const runs = await db
    .selectFrom('settlement_run as r')
    .innerJoin('app_user as u', 'u.id', 'r.created_by')
    .select([
      'r.id',
      'r.policy_set_id',
      'r.region_code',
      'r.reason',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.region_code as user_region_code',
      'u.institution_code',
    ])
    .where('r.kind', '=', 'policy_correction')
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.and([eb('r.status', '=', 'failed'), eb('r.error', '=', RUN_INTERRUPTED)]),
        eb.and([eb('r.status', '=', 'running'), eb('r.updated_at', '<', staleBefore)]),
      ]),
    )
    .orderBy('r.id')
    .execute();
  const resumed: { runId: number; work: Promise<BatchResettleSummary | null> }[] = [];
  for (const run of runs) {
    if (run.policy_set_id === null) {
      continue;
    }
    const ctx = seedContext({
      userId: run.user_id,
      username: run.username,
      displayName: run.display_name,
      role: run.role as Role,
      regionCode: run.user_region_code,
      institutionCode: run.institution_code,
      sessionId: null,
      mustChangePassword: false,
    });
    const prefix = regionScopePrefix(run.region_code);
    const started = await startPolicyResettle(db, ctx, {
      policySetId: run.policy_set_id,
      countyCode: prefix.slice(0, 6),
      regionPrefix: prefix,
      reason: run.reason,
    });
    // Another server picked it up meanwhile, or a newer unfinished run of the same version and region stands first.
    if (started.isAlreadyRunning || started.runId !== run.id) {
      continue;
    }
    const work = executePolicyResettle(db, ctx, run.id, { resumed: true, signal: options.signal }).catch(
      (error: unknown) => {
        options.onError?.(run.id, error);
        return null;
      },
    );
    resumed.push({ runId: run.id, work });
  }
  return resumed;
}

// ------------------------------------------------------------------ targets and batches

/** Person-years with a current settlement in the version's period and region that is on another version. */
async function selectTargets(
  db: Kysely<DB>,
  q: {
    countyCode: string;
    prefix: string;
    policy: { id: number; effective_from: string; effective_to: string | null };
  },
): Promise<Target[]> {
  const { rows } = await sql<{
    person_id: number | null;
    outsider_id: number | null;
    year: number;
    n: number;
  }>`
    SELECT s.person_id, s.outsider_id, s.year, count(*)::int AS n
    FROM settlement s
    LEFT JOIN person p ON p.county_code = s.county_code AND p.id = s.person_id
    WHERE s.county_code = ${q.countyCode} AND s.status = 'settled'
      AND s.discharge_date BETWEEN ${q.policy.effective_from} AND ${q.policy.effective_to ?? '9999-12-31'}
      AND s.policy_set_id <> ${q.policy.id}
      AND coalesce(p.village_code, s.region_code) LIKE ${`${q.prefix}%`}
    GROUP BY 1, 2, 3`.execute(db);
  const targets = rows.map(
    (r): Target =>
      r.person_id !== null
        ? { kind: 'person', id: Number(r.person_id), year: Number(r.year), claims: Number(r.n) }
        : { kind: 'outsider', id: Number(r.outsider_id), year: Number(r.year), claims: Number(r.n) },
  );
  targets.sort((a, b) =>
    a.kind !== b.kind ? (a.kind === 'person' ? -1 : 1) : a.id !== b.id ? a.id - b.id : a.year - b.year,
  );
  return targets;
}

/** Consecutive person-years (in key order, one kind per batch) of about maxClaims claims each. */
function buildBatches(targets: readonly Target[], maxClaims: number): Batch[] {
  const batches: Batch[] = [];
  let current: Batch | null = null;
  for (const target of targets) {
    if (current === null || current.kind !== target.kind || current.claims + target.claims > maxClaims) {
      if (current !== null && current.targets.length > 0) {
        batches.push(current);
      }
      current = { no: batches.length + 1, kind: target.kind, targets: [], claims: 0 };
    }
    current.targets.push(target);
    current.claims += target.claims;
  }
  if (current !== null && current.targets.length > 0) {
    batches.push(current);
  }
  return batches;
}

async function loadPublishedPolicies(db: Kysely<DB>): Promise<PolicySetRow[]> {
  return (await db
    .selectFrom('policy_set')
    .select([
      'id',
      'code',
      'name',
      'region_code',
      'version',
      'effective_from',
      'effective_to',
      'status',
      'body',
      'created_at',
      'updated_at',
      'published_at',
    ])
    .where('status', '=', 'published')
    .execute()) as PolicySetRow[];
}

/** The published version governing a claim: most specific region, then highest version (memoised). */
function policyChooser(rows: readonly PolicySetRow[]) {
  const versions = rows.map((row) => ({
    regionCode: row.region_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    version: row.version,
    row,
  }));
  const memo = new Map<string, PolicySetRow>();
  return (regionCode: string, date: string, claimNo: string): PolicySetRow => {
    const key = `${regionCode}|${date}`;
    let found = memo.get(key);
    if (!found) {
      const candidates = new Set(listPolicyRegionCandidates(regionCode));
      const chosen = isIsoDate(date)
        ? selectPolicyVersion(
            versions.filter((v) => candidates.has(v.regionCode)),
            regionCode,
            date,
          )
        : null;
      if (!chosen) {
        throw new AppError(
          'VALIDATION_FAILED',
          `结算单 ${claimNo}：出院日期 ${date} 不在 ${regionCode} 任何已发布政策版本的有效期内，无法重新结算`,
        );
      }
      found = chosen.row;
      memo.set(key, found);
    }
    return found;
  };
}

// ------------------------------------------------------------------ connections

type Copier = (statement: string, text: string) => Promise<void>;

type BatchConnection = {
  transaction(body: (trx: Transaction<DB>, copy: Copier) => Promise<void>): Promise<void>;
  release(): Promise<void>;
};

/** PGlite: the pool's one connection, COPY from a Blob. PostgreSQL: one pooled client per worker, COPY FROM STDIN. */
async function openBatchConnection(db: Kysely<DB>): Promise<BatchConnection> {
  const handles = engineHandlesOf(db);
  if (handles?.pglite) {
    const pglite = handles.pglite;
    return {
      transaction: (body) =>
        db.transaction().execute((trx) =>
          body(trx, async (statement, text) => {
            await pglite.query(statement.replace('FROM STDIN', "FROM '/dev/blob'"), [], {
              blob: new Blob([text]),
            });
          }),
        ),
      release: async () => {},
    };
  }
  if (!handles?.pgPool) {
    throw new Error('batch re-settlement needs a database opened by openDatabase (COPY)');
  }
  const client: pg.PoolClient = await handles.pgPool.connect();
  // A Kysely over this one connection, so the transaction's statements and its COPY share it.
  const single = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => ({ query: client.query.bind(client), release: () => {} }),
        end: async () => {},
      } as never,
    }),
  });
  return {
    transaction: (body) =>
      single.transaction().execute((trx) =>
        body(trx, async (statement, text) => {
          await pipeline(Readable.from([text]), client.query(copyFrom(statement)));
        }),
      ),
    release: async () => {
      await single.destroy();
      client.release();
    },
  };
}

/** Runs the batches on `concurrency` connections; the first failure stops the others after their current batch. */
async function runBatches(
  db: Kysely<DB>,
  batches: readonly Batch[],
  concurrency: number,
  signal: AbortSignal | undefined,
  work: (conn: BatchConnection, batch: Batch) => Promise<void>,
): Promise<void> {
  const workers = engineHandlesOf(db)?.pglite ? 1 : Math.max(1, Math.min(concurrency, batches.length));
  let next = 0;
  let failure: unknown = null;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const conn = await openBatchConnection(db);
      try {
        while (failure === null && next < batches.length) {
          if (signal?.aborted) {
            throw new AppError('CONFLICT', RUN_INTERRUPTED);
          }
          const batch = batches[next] as Batch;
          next += 1;
          await work(conn, batch);
        }
      } catch (error) {
        failure ??= error;
      } finally {
        await conn.release();
      }
    }),
  );
  if (failure !== null) {
    throw failure;
  }
}

// ------------------------------------------------------------------ one batch

/**
 * A PostgreSQL array literal of integers (`{1,2,3}`), bound as one text parameter: one value however many elements,
 * where a JavaScript array parameter would go through pg's per-element escaping.
 */
function integerArrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** COPY text format: escape backslashes (JSON never holds raw tabs or newlines). */
function copyText(value: string): string {
  return value.includes('\\') ? value.replaceAll('\\', '\\\\') : value;
}

/** work_mem of a batch transaction (per sort or hash; two batches run at once). */
const BATCH_WORK_MEM = '128MB';

const STAGE_COLUMNS = `old_id bigint, new_id bigint, policy_set_id bigint, categories jsonb, result jsonb,
  accumulators_before jsonb, total_fen bigint, basic_fen bigint, critical_fen bigint, assistance_fen bigint,
  other_fen bigint, self_pay_fen bigint, borne_fen bigint, in_scope_fen bigint, in_scope_self_pay_fen bigint,
  deposit_waived_fen bigint, is_treat_first_pay_later boolean`;

async function resettleBatch(
  trx: Transaction<DB>,
  copy: Copier,
  q: {
    ctx: SettlementContext;
    runId: number;
    countyCode: string;
    reason: string;
    batch: Batch;
    choose: (regionCode: string, date: string, claimNo: string) => PolicySetRow;
  },
): Promise<{ claims: number; changed: number }> {
  const { batch, countyCode: county } = q;
  const isPerson = batch.kind === 'person';
  const accTable = sql.table(isPerson ? 'settlement_accumulator' : 'settlement_outsider_accumulator');
  const idColumn = sql.ref(isPerson ? 'person_id' : 'outsider_id');
  const ids = integerArrayLiteral(batch.targets.map((t) => t.id));
  const years = integerArrayLiteral(batch.targets.map((t) => t.year));
  const yearSet = [...new Set(batch.targets.map((t) => t.year))];
  const lo = (batch.targets[0] as Target).id;
  const hi = (batch.targets[batch.targets.length - 1] as Target).id;

  // A batch's sort, the write statement's staged rows and its CTE hold tens of megabytes: with the default work_mem
  // (4 MB) they spilled ≈ 65 MB of temporary files per 20,000 claims. This transaction only may use more.
  await sql.raw(`SET LOCAL work_mem = '${BATCH_WORK_MEM}'`).execute(trx);
  // 1. Lock the person-years (creating missing accumulator rows), in key order.
  await sql`INSERT INTO ${accTable} (county_code, ${idColumn}, year, body)
    SELECT ${county}, t.id, t.year, jsonb_set(${JSON.stringify(createAccumulators(0))}::jsonb, '{year}', to_jsonb(t.year))
    FROM unnest(${ids}::bigint[], ${years}::int[]) AS t(id, year)
    ORDER BY t.id, t.year
    ON CONFLICT (county_code, ${idColumn}, year) DO UPDATE SET updated_at = EXCLUDED.updated_at WHERE false`.execute(
    trx,
  );

  // 2. The batch's current settlements in settlement order, and category periods.
  const { rows } = await sql<LoadedRow>`
    SELECT s.id, s.${idColumn} AS insured_id, s.year, s.discharge_date, s.region_code, ${
      isPerson ? sql`p.village_code` : sql`NULL::text AS village_code`
    }, s.claim_no, s.claim, s.policy_set_id, s.total_fen, s.basic_fen, s.critical_fen, s.assistance_fen,
      s.other_fen, s.self_pay_fen, s.borne_fen, s.in_scope_self_pay_fen, s.deposit_waived_fen,
      CASE WHEN s.other_fen <> 0 THEN s.result END AS result
    FROM settlement s
    ${isPerson ? sql`JOIN person p ON p.county_code = s.county_code AND p.id = s.person_id` : sql``}
    WHERE s.county_code = ${county} AND s.status = 'settled' AND s.${idColumn} BETWEEN ${lo} AND ${hi}
      AND s.year IN (${sql.join(yearSet)})
    ORDER BY s.${idColumn}, s.year, s.discharge_date, coalesce(s.claim_seq, s.id)`.execute(trx);
  const periods = new Map<number, { category: string; from: string; to: string | null }[]>();
  if (isPerson) {
    const { rows: cats } = await sql<{
      person_id: number;
      category: string;
      valid_from: string;
      valid_to: string | null;
    }>`SELECT person_id, category, valid_from, valid_to FROM person_category
      WHERE county_code = ${county} AND person_id BETWEEN ${lo} AND ${hi}
      ORDER BY person_id, valid_from`.execute(trx);
    for (const c of cats) {
      if (!KNOWN.has(c.category)) {
        continue;
      }
      const list = periods.get(Number(c.person_id)) ?? [];
      list.push({ category: c.category, from: c.valid_from, to: c.valid_to });
      periods.set(Number(c.person_id), list);
    }
  }
  const categoriesOn = (insuredId: number, date: string): string[] => {
    const out: string[] = [];
    for (const p of periods.get(insuredId) ?? []) {
      if (p.from <= date && (p.to === null || p.to >= date) && !out.includes(p.category)) {
        out.push(p.category);
      }
    }
    return out;
  };

  // 3. Settle each wanted person-year again; keep what changed.
  const wanted = new Set(batch.targets.map((t) => `${t.id}|${t.year}`));
  const stageOldIds: number[] = [];
  const stageLines: string[] = [];
  const accLines: string[] = [];
  const refreshLines: string[] = [];
  const refreshIds: number[] = [];
  const emptyByYear = new Map<number, string>();
  let claims = 0;
  let start = 0;
  while (start < rows.length) {
    const first = rows[start] as LoadedRow;
    const insuredId = Number(first.insured_id);
    const year = Number(first.year);
    let end = start + 1;
    while (
      end < rows.length &&
      Number((rows[end] as LoadedRow).insured_id) === insuredId &&
      Number((rows[end] as LoadedRow).year) === year
    ) {
      end += 1;
    }
    if (wanted.has(`${insuredId}|${year}`)) {
      claims += end - start;
      settleGroup(rows, start, end);
    }
    start = end;
  }

  function settleGroup(all: readonly LoadedRow[], from: number, to: number) {
    const first = all[from] as LoadedRow;
    const insuredId = Number(first.insured_id);
    const year = Number(first.year);
    const region = first.village_code ?? first.region_code ?? county;
    const group = all.slice(from, to);
    const policies = group.map((row) => q.choose(region, row.discharge_date, row.claim_no));
    const categories = group.map((row) => (isPerson ? categoriesOn(insuredId, row.discharge_date) : []));
    let out: { results: SettlementResult[]; accumulators: unknown };
    try {
      out = settleClaims(
        policies[0]?.body as TPolicySet,
        group.map((row, i) => ({
          claim: row.claim,
          categories: categories[i] as string[],
          policy: (policies[i] as PolicySetRow).body as TPolicySet,
        })),
        createAccumulators(year),
        { withTrace: false },
      );
    } catch (error) {
      if (error instanceof SettlementError) {
        throw new AppError(
          'VALIDATION_FAILED',
          `重新结算第 ${year} 年度的结算单时出错：${error.message}（${group.map((r) => r.claim_no).join('、')}）`,
          { field: error.field, code: error.code },
        );
      }
      throw error;
    }
    for (let i = 0; i < group.length; i += 1) {
      const row = group[i] as LoadedRow;
      const result = out.results[i] as SettlementResult;
      const policyRow = policies[i] as PolicySetRow;
      const f = figuresOf(result, row.claim);
      let before: string;
      if (i > 0) {
        before = JSON.stringify((out.results[i - 1] as SettlementResult).nextAccumulators);
      } else {
        before = emptyByYear.get(year) ?? JSON.stringify(createAccumulators(year));
        emptyByYear.set(year, before);
      }
      if (isUnchanged(row, policyRow.id, f, result)) {
        // Its amounts stand (no new revision); what follows from its place in the year is refreshed in place
        // where it differs: opening accumulators, categories, compact result (rule codes, cap remaining).
        refreshIds.push(row.id);
        refreshLines.push(
          `${row.id}\t${copyText(before)}\t${copyText(JSON.stringify(compactResult(result)))}\t${copyText(
            JSON.stringify(categories[i]),
          )}\n`,
        );
        continue;
      }
      // Old id, then (filled in at staging) the new revision's id, then the rest of the line.
      stageOldIds.push(row.id);
      stageLines.push(
        `\t${policyRow.id}\t${copyText(JSON.stringify(categories[i]))}\t${copyText(
          JSON.stringify(compactResult(result)),
        )}\t${copyText(before)}\t${f.total_fen}\t${f.basic_fen}\t${f.critical_fen}\t${f.assistance_fen}\t${f.other_fen}\t${
          f.self_pay_fen
        }\t${f.borne_fen}\t${f.in_scope_fen}\t${f.in_scope_self_pay_fen}\t${f.deposit_waived_fen}\t${
          f.is_treat_first_pay_later ? 't' : 'f'
        }\n`,
      );
    }
    accLines.push(`${insuredId}\t${year}\t${copyText(JSON.stringify(out.accumulators))}\n`);
  }

  if (accLines.length === 0) {
    return { claims, changed: 0 };
  }
  // 4. Stage and apply.
  await sql
    .raw(`CREATE TEMP TABLE IF NOT EXISTS settlement_restage (${STAGE_COLUMNS}) ON COMMIT DELETE ROWS`)
    .execute(trx);
  await sql
    .raw(
      'CREATE TEMP TABLE IF NOT EXISTS settlement_reacc (insured_id bigint, year integer, body jsonb) ON COMMIT DELETE ROWS',
    )
    .execute(trx);
  // Each staging table is analysed after its COPY, on its join key only: the planner learns it holds one batch (its
  // row count) without sampling and sorting the jsonb columns, which cost a second per 20,000 rows. The old revisions
  // are found by primary key (`id = ANY` of the batch's ids): a bounded index scan, not a scan of the county's
  // settlements whose cost would grow with the table.
  const user = q.ctx.actor.userId;
  if (stageLines.length > 0) {
    // The new revisions' ids, drawn from the sequence in one statement and written with the COPY.
    const { rows: ids } = await sql<{ id: number }>`
      SELECT nextval(pg_get_serial_sequence('settlement', 'id')) AS id
      FROM generate_series(1, ${stageLines.length})`.execute(trx);
    await copy(
      'COPY settlement_restage FROM STDIN',
      stageLines.map((rest, i) => `${stageOldIds[i]}\t${Number(ids[i]?.id)}${rest}`).join(''),
    );
    await sql`ANALYZE settlement_restage (old_id)`.execute(trx);
    const applied = await sql<{ n: number }>`
      WITH old AS (
        UPDATE settlement s SET status = 'reversed', reversed_reason = ${q.reason}, reversed_by = ${user},
          reversed_at = now(), replaced_by_id = r.new_id
        FROM settlement_restage r
        WHERE s.county_code = ${county} AND s.id = ANY(${integerArrayLiteral(stageOldIds)}::bigint[])
          AND s.id = r.old_id AND s.status = 'settled'
        RETURNING s.county_code, s.id, s.person_id, s.outsider_id, s.region_code, s.institution_code, s.claim_no,
          s.request_hash, s.visit_type, s.institution_level, s.admission_date, s.discharge_date, s.year, s.claim,
          s.revision, s.claim_seq, s.policy_set_id AS old_policy_set_id, s.total_fen AS old_total_fen,
          s.basic_fen AS old_basic_fen, s.critical_fen AS old_critical_fen, s.assistance_fen AS old_assistance_fen,
          s.other_fen AS old_other_fen, s.self_pay_fen AS old_self_pay_fen, s.borne_fen AS old_borne_fen,
          s.in_scope_fen AS old_in_scope_fen, s.in_scope_self_pay_fen AS old_in_scope_self_pay_fen,
          s.deposit_waived_fen AS old_deposit_waived_fen, r.new_id, r.policy_set_id, r.categories, r.result,
          r.accumulators_before, r.total_fen, r.basic_fen, r.critical_fen, r.assistance_fen, r.other_fen,
          r.self_pay_fen, r.borne_fen, r.in_scope_fen, r.in_scope_self_pay_fen, r.deposit_waived_fen,
          r.is_treat_first_pay_later
      ), reversed AS (
        INSERT INTO settlement_reversal (county_code, settlement_id, run_id, reason, total_fen, basic_fen,
          critical_fen, assistance_fen, other_fen, self_pay_fen, borne_fen, in_scope_fen, in_scope_self_pay_fen,
          deposit_waived_fen, body, created_by)
        SELECT county_code, id, ${q.runId}, ${q.reason}, -old_total_fen, -old_basic_fen, -old_critical_fen,
          -old_assistance_fen, -old_other_fen, -old_self_pay_fen, -old_borne_fen, -old_in_scope_fen,
          -old_in_scope_self_pay_fen, -old_deposit_waived_fen,
          jsonb_build_object('claimNo', claim_no, 'policySetId', old_policy_set_id, 'reason', ${q.reason}::text),
          ${user}
        FROM old
      )
      , inserted AS (
      INSERT INTO settlement (id, county_code, person_id, outsider_id, region_code, institution_code, claim_no,
        request_hash, policy_set_id, visit_type, institution_level, admission_date, discharge_date, year, categories,
        claim, result, accumulators_before, total_fen, basic_fen, critical_fen, assistance_fen, other_fen,
        self_pay_fen, borne_fen, in_scope_fen, in_scope_self_pay_fen, deposit_waived_fen, is_treat_first_pay_later,
        revision, claim_seq, run_id, source, created_by)
      OVERRIDING SYSTEM VALUE
      SELECT new_id, county_code, person_id, outsider_id, region_code, institution_code, claim_no, request_hash,
        policy_set_id, visit_type, institution_level, admission_date, discharge_date, year, categories, claim, result,
        accumulators_before, total_fen, basic_fen, critical_fen, assistance_fen, other_fen, self_pay_fen, borne_fen,
        in_scope_fen, in_scope_self_pay_fen, deposit_waived_fen, is_treat_first_pay_later, revision + 1,
        coalesce(claim_seq, id), ${q.runId}, 'resettlement', ${user}
      FROM old
      RETURNING 1)
      SELECT count(*)::int AS n FROM inserted`.execute(trx);
    if (applied.rows[0]?.n !== stageLines.length) {
      throw new AppError('CONFLICT', '重新结算时结算单已被他人更改，本批次未写入，请重新执行');
    }
  }
  if (refreshLines.length > 0) {
    await sql
      .raw(
        `CREATE TEMP TABLE IF NOT EXISTS settlement_refresh (id bigint, accumulators_before jsonb, result jsonb,
          categories jsonb) ON COMMIT DELETE ROWS`,
      )
      .execute(trx);
    await copy('COPY settlement_refresh FROM STDIN', refreshLines.join(''));
    await sql`ANALYZE settlement_refresh (id)`.execute(trx);
    await sql`UPDATE settlement s
      SET accumulators_before = r.accumulators_before, result = r.result, categories = r.categories
      FROM settlement_refresh r
      WHERE s.county_code = ${county} AND s.id = ANY(${integerArrayLiteral(refreshIds)}::bigint[]) AND s.id = r.id
        AND s.status = 'settled'
        AND (s.accumulators_before IS DISTINCT FROM r.accumulators_before OR s.result IS DISTINCT FROM r.result
          OR s.categories IS DISTINCT FROM r.categories)`.execute(trx);
  }
  await copy('COPY settlement_reacc FROM STDIN', accLines.join(''));
  await sql`ANALYZE settlement_reacc (insured_id, year)`.execute(trx);
  await sql`UPDATE ${accTable} a SET body = v.body, updated_at = now()
    FROM settlement_reacc v
    WHERE a.county_code = ${county} AND a.${idColumn} = v.insured_id AND a.year = v.year`.execute(trx);
  return { claims, changed: stageLines.length };
}

/**
 * True when the recorded revision books exactly what the engine now gives (isSameSettlement on the row's columns):
 * same policy version, every base layer, the further layers one by one, self-pay and its split, the amount borne
 * (its bearer follows from the policy) and the deposit waived.
 */
function isUnchanged(
  row: LoadedRow,
  policySetId: number,
  f: ReturnType<typeof figuresOf>,
  result: SettlementResult,
): boolean {
  if (
    Number(row.policy_set_id) !== policySetId ||
    row.total_fen !== f.total_fen ||
    row.basic_fen !== f.basic_fen ||
    row.critical_fen !== f.critical_fen ||
    row.assistance_fen !== f.assistance_fen ||
    row.other_fen !== f.other_fen ||
    row.self_pay_fen !== f.self_pay_fen ||
    row.in_scope_self_pay_fen !== f.in_scope_self_pay_fen ||
    row.borne_fen !== f.borne_fen ||
    row.deposit_waived_fen !== f.deposit_waived_fen
  ) {
    return false;
  }
  if (f.other_fen === 0) {
    return true;
  }
  const stored = furtherLayerPaymentsOf(row.result);
  let paidLayers = 0;
  for (const layer of result.layers) {
    if (
      layer.code === 'basic_insurance' ||
      layer.code === 'critical_illness' ||
      layer.code === 'medical_assistance'
    ) {
      continue;
    }
    if (layer.paidFen !== 0) {
      paidLayers += 1;
      if (stored.get(layer.code) !== layer.paidFen) {
        return false;
      }
    }
  }
  return paidLayers === stored.size;
}

// ------------------------------------------------------------------ progress

/** A policy-correction run in the caller's region (county or below), with its progress. */
export async function getResettleRun(db: Kysely<DB>, villagePrefix: string, runId: number) {
  const run = await db
    .selectFrom('settlement_run')
    .selectAll()
    .where('id', '=', runId)
    .where('region_code', 'like', `${villagePrefix.slice(0, 6)}%`)
    .executeTakeFirst();
  if (!run || !regionScopePrefix(run.region_code).startsWith(villagePrefix)) {
    throw new AppError('NOT_FOUND', `重新结算批次 ${runId} 不存在或不在您的管辖范围内`);
  }
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    reason: run.reason,
    regionCode: run.region_code,
    policySetId: run.policy_set_id,
    personYearsTotal: run.person_years_total,
    personYears: run.person_years,
    claims: run.claims,
    reversals: run.reversals,
    newSettlements: run.new_settlements,
    batches: run.batches,
    error: run.error,
    createdAt: iso(run.created_at) as string,
    updatedAt: iso(run.updated_at) as string,
    finishedAt: iso(run.finished_at),
  };
}
