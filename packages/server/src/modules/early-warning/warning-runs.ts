import {
  chinaDateOf,
  evaluateWarningRules,
  type IsoDate,
  incomeYearFor,
  regionScopePrefix,
  type TRuleTally,
  type TSkippedRule,
  type TWarningRuleSet,
  WARNING_RULE_CODES,
  type WarningRuleCode,
  ZWarningRules,
} from '@healthaid/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { insertAuditEvent } from '../audit/audit.repository.ts';
import {
  type FactScope,
  readExpenseFacts,
  readIncomeFacts,
  readMonitoredFacts,
  readWaitingCaseFacts,
  upsertWarnings,
} from './early-warning.repository.ts';

/**
 * Running the warning rules over the data (预警生成). A run covers a region (a county, a township or a village)
 * on an evaluation date; for a county it is split into one step per township, so its progress can be shown
 * and every step commits its warnings, their "raised" events and an audit row together. Runs come from the
 * "立即运行" button (in the background, polled for progress) and from the nightly job; both are idempotent
 * (one warning per dedupe key), so a retry or a second run changes nothing but the figures of open warnings.
 */

type Db = Kysely<DB>;

/** Who a run writes as: the requesting user, or the nightly job. */
export type RunActor = {
  userId: number | null;
  username: string | null;
  role: string | null;
  clientIp: string | null;
  requestId: string | null;
  displayName: string;
};

export const SYSTEM_RUN_ACTOR: RunActor = {
  userId: null,
  username: 'system',
  role: null,
  clientIp: null,
  requestId: null,
  displayName: '系统（每日预警）',
};

/** A run still "running" after this long is taken as interrupted (e.g. a restart) and marked failed. */
const STALE_RUN_MS = 30 * 60_000;

export type RunCounts = {
  raised: number;
  refreshed: number;
  byRule: Record<WarningRuleCode, TRuleTally>;
};

function emptyCounts(): RunCounts {
  const byRule = {} as Record<WarningRuleCode, TRuleTally>;
  for (const code of WARNING_RULE_CODES) {
    byRule[code] = { evaluated: 0, matched: 0, disabled: 0 };
  }
  return { raised: 0, refreshed: 0, byRule };
}

/** Every rule set (a small table), parsed; a set that no longer parses is left out rather than guessed. */
export async function loadRuleSets(db: Db): Promise<TWarningRuleSet[]> {
  const rows = await db.selectFrom('ew_rule_set').selectAll().execute();
  return rows.flatMap((row) => {
    const parsed = ZWarningRules.safeParse(row.body);
    return parsed.success
      ? [
          {
            id: row.id,
            regionCode: row.region_code,
            version: row.version,
            name: row.name,
            effectiveFrom: row.effective_from,
            rules: parsed.data,
          },
        ]
      : [];
  });
}

/** Township prefixes of a region (one step each), or the region itself below county level. */
export async function runSteps(db: Db, regionCode: string): Promise<string[]> {
  const prefix = regionScopePrefix(regionCode);
  if (prefix.length !== 6) {
    return [prefix];
  }
  const townships = await db
    .selectFrom('region')
    .select('code')
    .where('parent_code', '=', regionCode)
    .where('level', '=', 'township')
    .orderBy('code')
    .execute();
  return townships.length > 0 ? townships.map((t) => t.code.slice(0, 9)) : [prefix];
}

export type StepResult = {
  raised: number;
  refreshed: number;
  tally: Record<WarningRuleCode, TRuleTally>;
  skipped: TSkippedRule[];
};

/** Evaluates the rules for one prefix and stores the warnings (one transaction, with its audit row). */
export async function evaluateStep(
  db: Db,
  options: { scope: FactScope; ruleSets: readonly TWarningRuleSet[]; runId: number | null; actor: RunActor },
): Promise<StepResult> {
  const { scope, ruleSets, runId, actor } = options;
  const [expenses, incomes, monitored, waitingCases] = await Promise.all([
    readExpenseFacts(db, scope),
    readIncomeFacts(db, scope, incomeYearFor(scope.asOf)),
    readMonitoredFacts(db, scope),
    readWaitingCaseFacts(db, scope),
  ]);
  const evaluation = evaluateWarningRules({
    asOf: scope.asOf,
    ruleSets,
    facts: { expenses, incomes, monitored, waitingCases },
  });
  const stored = await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`ew-warnings:${scope.countyCode}`}))`.execute(trx);
    const result = await upsertWarnings(trx, scope.countyCode, evaluation.candidates, {
      asOf: scope.asOf,
      runId,
    });
    if (result.inserted.length > 0) {
      await trx
        .insertInto('ew_warning_event')
        .values(
          result.inserted.map((warningId) => ({
            county_code: scope.countyCode,
            warning_id: warningId,
            kind: 'raised' as const,
            to_status: 'pending',
            event_date: scope.asOf,
            note: runId === null ? '规则运行产生预警' : `预警任务 #${runId} 产生预警`,
            by_user: actor.userId,
            by_name: actor.displayName,
          })),
        )
        .execute();
    }
    if (result.inserted.length > 0 || result.refreshed > 0) {
      await insertAuditEvent(trx, {
        userId: actor.userId,
        username: actor.username,
        role: actor.role,
        clientIp: actor.clientIp,
        requestId: actor.requestId,
        action: 'early_warning.generated',
        entityType: 'ew_run',
        entityId: runId,
        regionCode: scope.prefix.padEnd(12, '0'),
        result: 'success',
        detail: { asOf: scope.asOf, raised: result.inserted.length, refreshed: result.refreshed },
      });
    }
    if (runId !== null) {
      await trx
        .updateTable('ew_run')
        .set((eb) => ({ done_steps: eb('done_steps', '+', 1) }))
        .where('id', '=', runId)
        .execute();
    }
    return result;
  });
  return {
    raised: stored.inserted.length,
    refreshed: stored.refreshed,
    tally: evaluation.tally,
    skipped: evaluation.skipped,
  };
}

function mergeSkipped(into: TSkippedRule[], more: readonly TSkippedRule[]): void {
  for (const s of more) {
    const same = into.find((x) => x.ruleCode === s.ruleCode && x.reason === s.reason);
    if (same) {
      same.subjects += s.subjects;
    } else {
      into.push({ ...s });
    }
  }
}

/** Creates the run row (and its audit row) for a region; returns its id and the steps it will take. */
export async function createRun(
  db: Db,
  options: { regionCode: string; asOf: IsoDate; trigger: 'manual' | 'schedule'; actor: RunActor },
): Promise<{ runId: number; steps: string[] }> {
  const steps = await runSteps(db, options.regionCode);
  const runId = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('ew_run')
      .values({
        region_code: options.regionCode,
        as_of: options.asOf,
        trigger: options.trigger,
        status: 'running',
        total_steps: steps.length,
        started_by: options.actor.userId,
        started_by_name: options.actor.displayName,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertAuditEvent(trx, {
      userId: options.actor.userId,
      username: options.actor.username,
      role: options.actor.role,
      clientIp: options.actor.clientIp,
      requestId: options.actor.requestId,
      action: 'early_warning.run_started',
      entityType: 'ew_run',
      entityId: row.id,
      regionCode: options.regionCode,
      result: 'success',
      detail: { asOf: options.asOf, trigger: options.trigger, steps: steps.length },
    });
    return row.id;
  });
  return { runId, steps };
}

/**
 * Executes a created run step by step, recording progress and counts; never throws (a failure is recorded on
 * the run with its message, the steps already committed stay).
 */
export async function executeRun(
  db: Db,
  run: { runId: number; steps: readonly string[]; asOf: IsoDate; actor: RunActor },
): Promise<void> {
  const counts = emptyCounts();
  const skipped: TSkippedRule[] = [];
  try {
    const ruleSets = await loadRuleSets(db);
    for (const prefix of run.steps) {
      const step = await evaluateStep(db, {
        scope: { countyCode: prefix.slice(0, 6), prefix, asOf: run.asOf },
        ruleSets,
        runId: run.runId,
        actor: run.actor,
      });
      counts.raised += step.raised;
      counts.refreshed += step.refreshed;
      for (const code of WARNING_RULE_CODES) {
        counts.byRule[code].evaluated += step.tally[code].evaluated;
        counts.byRule[code].matched += step.tally[code].matched;
        counts.byRule[code].disabled += step.tally[code].disabled;
      }
      mergeSkipped(skipped, step.skipped);
      await db
        .updateTable('ew_run')
        .set({ counts: JSON.stringify(counts), skipped: JSON.stringify(skipped) })
        .where('id', '=', run.runId)
        .execute();
    }
    await db
      .updateTable('ew_run')
      .set({ status: 'succeeded', finished_at: new Date() })
      .where('id', '=', run.runId)
      .execute();
  } catch (error) {
    await db
      .updateTable('ew_run')
      .set({
        status: 'failed',
        finished_at: new Date(),
        error: `预警任务执行失败：${error instanceof Error ? error.message : String(error)}`.slice(0, 1000),
      })
      .where('id', '=', run.runId)
      .execute()
      .catch(() => undefined);
  }
}

/** Creates and executes a run to the end (the nightly job, the demo seed). */
export async function runWarningRules(
  db: Db,
  options: { regionCode: string; asOf: IsoDate; trigger: 'manual' | 'schedule'; actor: RunActor },
): Promise<number> {
  const created = await createRun(db, options);
  await executeRun(db, { ...created, asOf: options.asOf, actor: options.actor });
  return created.runId;
}

/**
 * A run of the same county still in progress (started less than 30 minutes ago), so a second click shows
 * its progress instead of starting another; older "running" rows are marked interrupted.
 */
export async function findRunningRun(db: Db, regionCode: string, now = new Date()): Promise<number | null> {
  const county = regionCode.slice(0, 6);
  const running = await db
    .selectFrom('ew_run')
    .select(['id', 'started_at'])
    .where('status', '=', 'running')
    .where('region_code', 'like', `${county}%`)
    .orderBy('id', 'desc')
    .execute();
  let current: number | null = null;
  for (const run of running) {
    if (now.getTime() - run.started_at.getTime() > STALE_RUN_MS) {
      await db
        .updateTable('ew_run')
        .set({ status: 'failed', finished_at: now, error: '任务中断（服务重启或超时），请重新运行' })
        .where('id', '=', run.id)
        .where('status', '=', 'running')
        .execute();
    } else if (current === null) {
      current = run.id;
    }
  }
  return current;
}

/** Milliseconds from `now` to the next 01:30 in China (UTC+8). */
export function msUntilNightlyRun(now: Date): number {
  const chinaNow = now.getTime() + 8 * 3_600_000;
  const dayStart = Math.floor(chinaNow / 86_400_000) * 86_400_000;
  let next = dayStart + 90 * 60_000;
  if (next <= chinaNow) {
    next += 86_400_000;
  }
  return next - chinaNow;
}

/**
 * The nightly job: at 01:30 China time, run the rules for every county with registry data (evaluation date:
 * that day). Started when the server listens; returns a function that stops it.
 */
export function scheduleNightlyRuns(
  db: Db,
  track: (work: Promise<void>) => void,
  onError: (error: unknown) => void,
): () => void {
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    timer = setTimeout(() => {
      track(
        runAllCounties(db)
          .catch(onError)
          .finally(() => arm()),
      );
    }, msUntilNightlyRun(new Date()));
    timer.unref();
  };
  arm();
  return () => {
    if (timer) {
      clearTimeout(timer);
    }
  };
}

async function runAllCounties(db: Db): Promise<void> {
  const asOf = chinaDateOf(new Date());
  const counties = await db.selectFrom('household').select('county_code').distinct().execute();
  for (const { county_code } of counties) {
    const regionCode = `${county_code}000000`;
    if ((await findRunningRun(db, regionCode)) === null) {
      await runWarningRules(db, { regionCode, asOf, trigger: 'schedule', actor: SYSTEM_RUN_ACTOR });
    }
  }
}
