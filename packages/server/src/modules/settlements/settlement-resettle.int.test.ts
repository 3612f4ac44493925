import {
  createAccumulators,
  QINGLONG_2024_POLICY,
  type SettlementResult,
  settleClaims,
  type TPolicySet,
  type TSettlementAccumulators,
  type TSettlementClaim,
} from '@healthaid/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import {
  executePolicyResettle,
  RUN_INTERRUPTED,
  resumeInterruptedRuns,
  STALE_RUN_MS,
  startPolicyResettle,
} from './settlement-batch-resettle.ts';
import { type SettlementContext, seedContext } from './settlement-booking.ts';
import { compactResult, figuresOf } from './settlement-stored-result.ts';
import {
  accumulatorsOf,
  COUNTY,
  claimOf,
  type Detail,
  insertInstitutions,
  insertPerson,
  settleWith,
  VILLAGE,
  yuan,
} from './settlements.test-kit.ts';

/**
 * Re-settlement: a back-dated claim, a corrected claim and a reversal each re-settle the later claims of the
 * person-year in discharge-date order, with reversal entries and new revisions; the stored state always equals
 * settling the year's current claims as one batch.
 */

let t: TestApp;
let clerk: Session;
let settle: ReturnType<typeof settleWith>;

beforeAll(async () => {
  t = await createTestApp();
  settle = settleWith(t);
  await insertInstitutions(t.database.db);
  clerk = await t.login('clerk');
});
afterAll(async () => {
  await t.close();
});

/** The person-year's current settlements, in settlement order, with their claims. */
async function currentOf(personId: number, year: number) {
  return t.database.db
    .selectFrom('settlement')
    .select([
      'id',
      'claim_no',
      'claim',
      'self_pay_fen',
      'basic_fen',
      'critical_fen',
      'assistance_fen',
      'revision',
    ])
    .where('county_code', '=', COUNTY)
    .where('person_id', '=', personId)
    .where('year', '=', year)
    .where('status', '=', 'settled')
    .orderBy('discharge_date')
    .orderBy((eb) => eb.fn.coalesce('claim_seq', 'id'))
    .execute();
}

/**
 * Stored figures must equal one batch over the current claims in discharge order: every money column, the compact
 * result, the opening accumulators of each claim and the person-year's accumulators.
 */
async function expectEqualToBatch(personId: number, categories: string[], policy = QINGLONG_2024_POLICY) {
  const rows = await currentOf(personId, 2024);
  const batch = settleClaims(
    policy,
    rows.map((r) => ({ claim: r.claim as TSettlementClaim, categories })),
    createAccumulators(2024),
    { withTrace: false },
  );
  expect(rows.map((r) => r.self_pay_fen)).toEqual(batch.results.map((r) => r.patientPaysFen));
  expect(rows.map((r) => r.basic_fen)).toEqual(
    batch.results.map((r) => r.layers.find((l) => l.code === 'basic_insurance')?.paidFen),
  );
  const full = await t.database.db
    .selectFrom('settlement')
    .selectAll()
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('discharge_date')
    .orderBy((eb) => eb.fn.coalesce('claim_seq', 'id'))
    .execute();
  full.forEach((row, i) => {
    const result = batch.results[i] as SettlementResult;
    const claim = row.claim as TSettlementClaim;
    expect({
      ...figuresOf(result, claim),
      result: compactResult(result),
      before: i === 0 ? createAccumulators(2024) : batch.results[i - 1]?.nextAccumulators,
      categories,
    }).toEqual({
      total_fen: row.total_fen,
      basic_fen: row.basic_fen,
      critical_fen: row.critical_fen,
      assistance_fen: row.assistance_fen,
      other_fen: row.other_fen,
      self_pay_fen: row.self_pay_fen,
      borne_fen: row.borne_fen,
      in_scope_fen: row.in_scope_fen,
      in_scope_self_pay_fen: row.in_scope_self_pay_fen,
      deposit_waived_fen: row.deposit_waived_fen,
      is_treat_first_pay_later: row.is_treat_first_pay_later,
      result: row.result,
      before: row.accumulators_before,
      categories: row.categories,
    });
  });
  const stored: TSettlementAccumulators = await accumulatorsOf(t.database.db, personId, 2024);
  expect(stored).toEqual(batch.accumulators);
  return rows;
}

const reversalsOf = (settlementId: number) =>
  t.database.db
    .selectFrom('settlement_reversal')
    .selectAll()
    .where('settlement_id', '=', settlementId)
    .execute();

describe('back-dated claims', () => {
  it('settles a claim discharged before an already settled one and re-settles the later one', async () => {
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao']);
    const may = await settle(
      clerk,
      person.idNumber,
      claimOf({ claimId: 'BD-MAY', admissionDate: '2024-05-01', dischargeDate: '2024-05-10' }),
    );
    expect(may.statusCode).toBe(201);
    const mayFirst = may.json<Detail>();
    // First admission of the year: full deductible (600 × 50 %).
    const feb = await settle(
      clerk,
      person.idNumber,
      claimOf({ claimId: 'BD-FEB', admissionDate: '2024-02-01', dischargeDate: '2024-02-10' }),
    );
    expect(feb.statusCode).toBe(201);
    expect(feb.json<Detail>().revision).toBe(1);
    const rows = await expectEqualToBatch(person.id, ['dibao']);
    expect(rows.map((r) => [r.claim_no, r.revision])).toEqual([
      ['BD-FEB', 1],
      ['BD-MAY', 2],
    ]);
    // May is now the repeat admission: lower deductible, more basic insurance.
    expect(rows[1]?.basic_fen).toBeGreaterThan(mayFirst.basicFen);
    const reversal = await reversalsOf(mayFirst.id);
    expect(reversal).toHaveLength(1);
    expect(reversal[0]?.total_fen).toBe(-mayFirst.totalFen);
    expect(reversal[0]?.self_pay_fen).toBe(-mayFirst.selfPayFen);
    const old = await t.as(clerk, { method: 'GET', url: `/api/v1/settlements/${mayFirst.id}` });
    expect(old.json<Detail>().status).toBe('reversed');
    expect(old.json<Detail>().replacedById).toBe(rows[1]?.id);
    expect(old.json<Detail>().history.revisions.map((r) => r.status)).toEqual(['reversed', 'settled']);
    const run = await t.database.db
      .selectFrom('settlement_run')
      .selectAll()
      .where('kind', '=', 'backdated_claim')
      .execute();
    expect(run.at(-1)).toMatchObject({ reversals: 1, new_settlements: 2 });
  });
});

describe('corrections and reversals', () => {
  let person: { id: number; idNumber: string };
  let ids: number[] = [];

  beforeAll(async () => {
    person = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao', 'poor_registered']);
    ids = [];
    for (const [i, month] of ['02', '04', '07'].entries()) {
      const res = await settle(
        clerk,
        person.idNumber,
        claimOf({
          claimId: `CR-${i}`,
          admissionDate: `2024-${month}-01`,
          dischargeDate: `2024-${month}-12`,
          policyScopeFen: yuan(30_000),
        }),
      );
      expect(res.statusCode).toBe(201);
      ids.push(res.json<Detail>().id);
    }
    await expectEqualToBatch(person.id, ['dibao', 'poor_registered']);
  });

  it('a corrected claim gets a reversal entry and a new revision; later claims are re-settled in order', async () => {
    const res = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${ids[0]}/correct`,
      payload: {
        claim: claimOf({
          claimId: 'ignored',
          admissionDate: '2024-02-01',
          dischargeDate: '2024-02-12',
          policyScopeFen: yuan(50_000),
        }),
        reason: '费用录入少录 2 万元',
      },
    });
    expect(res.statusCode).toBe(200);
    const corrected = res.json<Detail>();
    expect(corrected.claimNo).toBe('CR-0');
    expect(corrected.revision).toBe(2);
    expect(corrected.totalFen).toBe(yuan(50_000));
    expect(corrected.history.reversals.map((r) => r.settlementId)).toContain(ids[0]);
    const rows = await expectEqualToBatch(person.id, ['dibao', 'poor_registered']);
    // The higher first claim used up more of the yearly 大病 deductible: the second claim changed; the third
    // (the deductible was used up before it either way) keeps its settlement.
    expect(rows.map((r) => r.revision)).toEqual([2, 2, 1]);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'settlement.resettled')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('a corrected claim may not move to another year', async () => {
    const rows = await currentOf(person.id, 2024);
    const res = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${rows[0]?.id}/correct`,
      payload: {
        claim: claimOf({ claimId: 'x', admissionDate: '2025-01-01', dischargeDate: '2025-01-05' }),
        reason: '日期',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('跨年度');
  });

  it('a reversal re-settles the later claims without the reversed one; the ledger of every claim sums to its current figures', async () => {
    const rows = await currentOf(person.id, 2024);
    const res = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${rows[0]?.id}/reverse`,
      payload: { reason: '患者退院，费用全部退还' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Detail>().status).toBe('reversed');
    const after = await expectEqualToBatch(person.id, ['dibao', 'poor_registered']);
    expect(after.map((r) => r.claim_no)).toEqual(['CR-1', 'CR-2']);
    // Ledger: Σ settlements + Σ reversals per claim = the current settlement (0 for the reversed claim).
    const { rows: ledger } = await t.database.db
      .selectFrom('settlement as s')
      .leftJoin('settlement_reversal as r', (j) =>
        j.onRef('r.county_code', '=', 's.county_code').onRef('r.settlement_id', '=', 's.id'),
      )
      .select(['s.claim_no'])
      .select((eb) => [
        eb.fn.sum<number>('s.self_pay_fen').as('settled'),
        eb.fn.sum<number>(eb.fn.coalesce('r.self_pay_fen', eb.lit(0))).as('reversed'),
      ])
      .where('s.person_id', '=', person.id)
      .groupBy('s.claim_no')
      .orderBy('s.claim_no')
      .execute()
      .then((r) => ({ rows: r }));
    const net = Object.fromEntries(ledger.map((l) => [l.claim_no, Number(l.settled) + Number(l.reversed)]));
    expect(net['CR-0']).toBe(0);
    expect(net['CR-1']).toBe(after[0]?.self_pay_fen);
    expect(net['CR-2']).toBe(after[1]?.self_pay_fen);
    const twice = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${rows[0]?.id}/reverse`,
      payload: { reason: '重复' },
    });
    expect(twice.statusCode).toBe(409);
  });
});

type Run = {
  id: number;
  status: 'running' | 'finished' | 'failed';
  personYears: number;
  personYearsTotal: number;
  claims: number;
  reversals: number;
  newSettlements: number;
  batches: number;
  error: string | null;
};

/** Polls a background run until it stops. */
async function waitForRun(session: Session, runId: number): Promise<Run> {
  for (let i = 0; i < 600; i += 1) {
    const res = await t.as(session, { method: 'GET', url: `/api/v1/settlement-runs/${runId}` });
    expect(res.statusCode).toBe(200);
    const run = res.json<Run>();
    if (run.status !== 'running') {
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** QINGLONG 2024 with basic-insurance ratios raised by `points` percentage points, as version `version`. */
function correctedPolicy(version: number, points: number): TPolicySet {
  return {
    ...QINGLONG_2024_POLICY,
    version,
    basicInsurance: {
      ...QINGLONG_2024_POLICY.basicInsurance,
      rules: QINGLONG_2024_POLICY.basicInsurance.rules.map((r) => ({
        ...r,
        rateBp: Math.min(10_000, r.rateBp + points * 100),
      })),
    },
  };
}

async function publish(county: Session, policy: TPolicySet): Promise<number> {
  const created = await t.as(county, { method: 'POST', url: '/api/v1/policy-sets', payload: policy });
  expect(created.statusCode).toBe(201);
  const id = created.json<{ id: number }>().id;
  expect((await t.as(county, { method: 'POST', url: `/api/v1/policy-sets/${id}/publish` })).statusCode).toBe(
    200,
  );
  return id;
}

/** Ids of current (settled) settlements booked under another policy version than `policySetId`. */
async function currentSettlementsNotOn(policySetId: number): Promise<number[]> {
  const rows = await t.database.db
    .selectFrom('settlement')
    .select('id')
    .where('status', '=', 'settled')
    .where('policy_set_id', '<>', policySetId)
    .execute();
  return rows.map((r) => r.id);
}

/** Starts a policy-correction run and stops it as a server shutdown would, after its first batch of 3 claims. */
async function startAndShutDownAfterOneBatch(ctx: SettlementContext, policySetId: number, reason: string) {
  const started = await startPolicyResettle(t.database.db, ctx, { policySetId, countyCode: COUNTY, reason });
  const shutdown = new AbortController();
  await expect(
    executePolicyResettle(t.database.db, ctx, started.runId, {
      batchClaims: 3,
      concurrency: 1,
      signal: shutdown.signal,
      onBatchCommitted: () => shutdown.abort(),
    }),
  ).rejects.toThrow(RUN_INTERRUPTED);
  return started;
}

async function countyContext(): Promise<SettlementContext> {
  const user = await t.database.db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'role', 'region_code'])
    .where('username', '=', 'county')
    .executeTakeFirstOrThrow();
  return seedContext({
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: 'county',
    regionCode: user.region_code,
    institutionCode: null,
    sessionId: null,
    mustChangePassword: false,
  });
}

describe('policy correction', () => {
  let county: Session;
  let v2: number;
  const v2Policy = correctedPolicy(2, 5);

  beforeAll(async () => {
    county = await t.login('county');
  });

  it('re-settles every person-year of the corrected version in the background, with reversal entries and new revisions', async () => {
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao']);
    for (const month of ['03', '08']) {
      const res = await settle(
        clerk,
        person.idNumber,
        claimOf({
          claimId: `PC-${month}`,
          admissionDate: `2024-${month}-01`,
          dischargeDate: `2024-${month}-09`,
        }),
      );
      expect(res.statusCode).toBe(201);
    }
    const created = await t.as(county, { method: 'POST', url: '/api/v1/policy-sets', payload: v2Policy });
    expect(created.statusCode).toBe(201);
    v2 = created.json<{ id: number }>().id;
    // A draft cannot drive a re-settlement.
    const early = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${v2}/resettle`,
      payload: { reason: '比例更正' },
    });
    expect(early.statusCode).toBe(409);
    expect(
      (await t.as(county, { method: 'POST', url: `/api/v1/policy-sets/${v2}/publish` })).statusCode,
    ).toBe(200);
    const before = await t.database.db
      .selectFrom('settlement')
      .select('id')
      .where('status', '=', 'settled')
      .execute();
    const res = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${v2}/resettle`,
      payload: { reason: '基本医保比例更正' },
    });
    expect(res.statusCode).toBe(202);
    const run = await waitForRun(county, res.json<Run>().id);
    // Every current settlement of 2024 in the county moves to version 2.
    expect(run).toMatchObject({ status: 'finished', claims: before.length, reversals: before.length });
    expect(run.personYears).toBe(run.personYearsTotal);
    expect(await currentSettlementsNotOn(v2)).toEqual([]);
    const rows = await expectEqualToBatch(person.id, ['dibao'], v2Policy);
    expect(rows.map((r) => r.revision)).toEqual([2, 2]);
    const reversals = await t.database.db
      .selectFrom('settlement_reversal')
      .select(['settlement_id', 'run_id', 'total_fen'])
      .where('run_id', '=', run.id)
      .execute();
    expect(reversals).toHaveLength(before.length);
    const detail = await t.as(clerk, { method: 'GET', url: `/api/v1/settlements/${rows[0]?.id}` });
    expect(detail.json<Detail>().explanation.length).toBeGreaterThan(3);
    expect(detail.json<Detail>().history.reversals[0]?.totalFen).toBe(-detail.json<Detail>().totalFen);
    // Running it again changes nothing.
    const again = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${v2}/resettle`,
      payload: { reason: '重复执行' },
    });
    expect((await waitForRun(county, again.json<Run>().id)).personYears).toBe(0);
    // Others may not read the run.
    expect((await t.as(clerk, { method: 'GET', url: `/api/v1/settlement-runs/${run.id}` })).statusCode).toBe(
      403,
    );
  });

  it('is all-or-nothing per person-year: a run stopped halfway leaves each person-year old or new, and resumes', async () => {
    const persons: { id: number; idNumber: string; categories: string[] }[] = [];
    for (const [i, categories] of [['dibao'], [], ['tekun'], ['poor_registered'], ['monitored']].entries()) {
      const person = await insertPerson(t.database.db, COUNTY, VILLAGE, categories);
      persons.push({ ...person, categories });
      for (const month of ['02', '06', '10']) {
        const res = await settle(
          clerk,
          person.idNumber,
          claimOf({
            claimId: `RS-${i}-${month}`,
            admissionDate: `2024-${month}-01`,
            dischargeDate: `2024-${month}-11`,
            policyScopeFen: yuan(8_000 + 3_000 * i),
          }),
        );
        expect(res.statusCode).toBe(201);
      }
    }
    const v3Policy = correctedPolicy(3, 8);
    const v3 = await publish(county, v3Policy);
    const ctx = await countyContext();
    const started = await startPolicyResettle(t.database.db, ctx, {
      policySetId: v3,
      countyCode: COUNTY,
      reason: '测试：中途停止',
    });
    let committed = 0;
    await expect(
      executePolicyResettle(t.database.db, ctx, started.runId, {
        batchClaims: 3,
        concurrency: 1,
        onBatchCommitted: () => {
          committed += 1;
          if (committed === 2) {
            throw new Error('进程中止（测试）');
          }
        },
      }),
    ).rejects.toThrow('进程中止');
    const failed = await t.database.db
      .selectFrom('settlement_run')
      .selectAll()
      .where('id', '=', started.runId)
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', error: '进程中止（测试）', batches: 2 });
    expect(failed.person_years).toBeLessThan(failed.person_years_total);
    let onNew = 0;
    for (const person of persons) {
      const rows = await currentOf(person.id, 2024);
      const policies = new Set(
        (
          await t.database.db
            .selectFrom('settlement')
            .select('policy_set_id')
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        ).map((r) => r.policy_set_id),
      );
      // Never half: one version per person-year, and the figures of that version.
      expect(policies.size).toBe(1);
      if (policies.has(v3)) {
        onNew += 1;
        await expectEqualToBatch(person.id, person.categories, v3Policy);
      } else {
        expect(policies.has(v2)).toBe(true);
        await expectEqualToBatch(person.id, person.categories, v2Policy);
      }
    }
    expect(onNew).toBeLessThan(persons.length);
    // Starting it again resumes the same run and finishes it.
    const res = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${v3}/resettle`,
      payload: { reason: '继续' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json<Run>().id).toBe(started.runId);
    const run = await waitForRun(county, started.runId);
    expect(run.status).toBe('finished');
    expect(run.personYears).toBe(run.personYearsTotal);
    for (const person of persons) {
      await expectEqualToBatch(person.id, person.categories, v3Policy);
    }
    const remaining = await t.database.db
      .selectFrom('settlement')
      .select('id')
      .where('status', '=', 'settled')
      .where('year', '=', 2024)
      .where('policy_set_id', '<>', v3)
      .execute();
    expect(remaining).toHaveLength(0);
    // Each reversed revision has exactly one reversal entry (nothing booked twice across the stop).
    const { rows: doubles } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM settlement s
      WHERE s.status = 'reversed' AND (SELECT count(*) FROM settlement_reversal r
        WHERE r.county_code = s.county_code AND r.settlement_id = s.id) <> 1`.execute(t.database.db);
    expect(doubles[0]?.n).toBe(0);
  });

  it('a server shutdown stops a run after its current batch; it is left failed with the reason and resumes', async () => {
    const v5 = await publish(county, correctedPolicy(5, 10));
    const ctx = await countyContext();
    const started = await startAndShutDownAfterOneBatch(ctx, v5, '测试：服务停止');
    const stopped = await t.as(county, { method: 'GET', url: `/api/v1/settlement-runs/${started.runId}` });
    expect(stopped.json<Run>()).toMatchObject({ status: 'failed', error: RUN_INTERRUPTED, batches: 1 });
    expect(stopped.json<Run>().personYears).toBeLessThan(stopped.json<Run>().personYearsTotal);
    const again = await startPolicyResettle(t.database.db, ctx, {
      policySetId: v5,
      countyCode: COUNTY,
      reason: '继续',
    });
    expect(again).toEqual({ runId: started.runId, resumed: true, isAlreadyRunning: false });
    const done = await executePolicyResettle(t.database.db, ctx, started.runId, { resumed: true });
    expect(done.resumed).toBe(true);
    const run = await waitForRun(county, started.runId);
    expect(run.status).toBe('finished');
    expect(run.personYears).toBe(run.personYearsTotal);
  });

  it('answers with the running run instead of starting a second one, and resumes a run that stopped advancing', async () => {
    const v4 = await publish(county, correctedPolicy(4, 9));
    const ctx = await countyContext();
    const first = await startPolicyResettle(t.database.db, ctx, {
      policySetId: v4,
      countyCode: COUNTY,
      reason: '测试：运行中',
    });
    const busy = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${v4}/resettle`,
      payload: { reason: '再次发起' },
    });
    expect(busy.statusCode).toBe(200);
    expect(busy.json<Run>()).toMatchObject({ id: first.runId, status: 'running' });
    // The process that ran it died: no progress for longer than STALE_RUN_MS.
    await t.database.db
      .updateTable('settlement_run')
      .set({ updated_at: new Date(Date.now() - STALE_RUN_MS - 1000) })
      .where('id', '=', first.runId)
      .execute();
    const resumed = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${v4}/resettle`,
      payload: { reason: '继续' },
    });
    expect(resumed.statusCode).toBe(202);
    expect((await waitForRun(county, first.runId)).status).toBe('finished');
  });

  it('a server that starts resumes the runs a shutdown or a dead process left, and only those', async () => {
    const ctx = await countyContext();
    // Stopped by a shutdown after its first batch.
    const v6 = await publish(county, correctedPolicy(6, 11));
    const stopped = await startAndShutDownAfterOneBatch(ctx, v6, '测试：重启前中断');
    // A run that failed for another reason waits for a user.
    const failed = await t.database.db
      .insertInto('settlement_run')
      .values({
        kind: 'policy_correction',
        reason: '测试：结算出错',
        region_code: `${COUNTY}000000`,
        policy_set_id: v2,
        status: 'failed',
        error: '重新结算第 2024 年度的结算单时出错',
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const first = await resumeInterruptedRuns(t.database.db);
    expect(first.map((r) => r.runId)).toEqual([stopped.runId]);
    const summary = await first[0]?.work;
    expect(summary).toMatchObject({ runId: stopped.runId, resumed: true });
    const finished = await waitForRun(county, stopped.runId);
    expect(finished).toMatchObject({ status: 'finished', error: null });
    expect(finished.personYears).toBe(finished.personYearsTotal);
    expect(await currentSettlementsNotOn(v6)).toEqual([]);

    // Left running by a process that died (no progress for longer than STALE_RUN_MS); a fresh one is not touched.
    const v7 = await publish(county, correctedPolicy(7, 12));
    const dead = await startPolicyResettle(t.database.db, ctx, {
      policySetId: v7,
      countyCode: COUNTY,
      reason: '测试：进程退出',
    });
    expect(await resumeInterruptedRuns(t.database.db)).toEqual([]);
    await t.database.db
      .updateTable('settlement_run')
      .set({ updated_at: new Date(Date.now() - STALE_RUN_MS - 1000) })
      .where('id', '=', dead.runId)
      .execute();
    const second = await resumeInterruptedRuns(t.database.db);
    expect(second.map((r) => r.runId)).toEqual([dead.runId]);
    await second[0]?.work;
    expect((await waitForRun(county, dead.runId)).status).toBe('finished');
    const untouched = await t.database.db
      .selectFrom('settlement_run')
      .select(['status', 'error'])
      .where('id', '=', failed.id)
      .executeTakeFirstOrThrow();
    expect(untouched).toEqual({ status: 'failed', error: '重新结算第 2024 年度的结算单时出错' });
  });
});
