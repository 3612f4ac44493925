import {
  createAccumulators,
  QINGLONG_2024_POLICY,
  settleClaims,
  type TSettlementAccumulators,
  type TSettlementClaim,
} from '@healthaid/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
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
 * Parallel requests for the same person (run on PGlite and, with TEST_DATABASE_URL, on PostgreSQL where the
 * requests really overlap on a pool of connections): the person-year row lock must serialise them so that no
 * deductible or cap is used twice, whatever order the requests arrive in.
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

const CATEGORIES = ['dibao', 'poor_registered'];

async function currentClaims(personId: number) {
  return t.database.db
    .selectFrom('settlement')
    .select(['claim_no', 'claim', 'basic_fen', 'critical_fen', 'assistance_fen', 'self_pay_fen'])
    .where('county_code', '=', COUNTY)
    .where('person_id', '=', personId)
    .where('status', '=', 'settled')
    .orderBy('discharge_date')
    .orderBy((eb) => eb.fn.coalesce('claim_seq', 'id'))
    .execute();
}

describe('concurrent settlements of one person', () => {
  it('never double-use the yearly outpatient cap or the 大病 deductible, in whatever order they arrive', async () => {
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, CATEGORIES);
    // 普通门诊 at the county hospital: basic insurance capped at 400 元 a year; four 300 元 bills exceed it.
    const outpatient = [3, 1, 4, 2].map((day) =>
      claimOf({
        claimId: `OP-${day}`,
        visitType: 'outpatient',
        admissionDate: `2024-01-0${day}`,
        dischargeDate: `2024-01-0${day}`,
        policyScopeFen: yuan(300),
      }),
    );
    // Inpatient stays large enough to reach the yearly 大病 deductible over the year.
    const inpatient = [9, 5, 7, 6].map((month) =>
      claimOf({
        claimId: `IP-${month}`,
        admissionDate: `2024-0${month}-01`,
        dischargeDate: `2024-0${month}-10`,
        policyScopeFen: yuan(40_000),
      }),
    );
    const claims = [...outpatient, ...inpatient];
    const responses = await Promise.all(claims.map((claim) => settle(clerk, person.idNumber, claim)));
    expect(responses.map((r) => r.statusCode)).toEqual(claims.map(() => 201));

    const rows = await currentClaims(person.id);
    expect(rows).toHaveLength(claims.length);
    const batch = settleClaims(
      QINGLONG_2024_POLICY,
      rows.map((r) => ({ claim: r.claim as TSettlementClaim, categories: CATEGORIES })),
      createAccumulators(2024),
      { withTrace: false },
    );
    // The stored figures are exactly those of one batch in discharge order.
    expect(rows.map((r) => r.self_pay_fen)).toEqual(batch.results.map((r) => r.patientPaysFen));
    expect(rows.map((r) => r.critical_fen)).toEqual(
      batch.results.map((r) => r.layers.find((l) => l.code === 'critical_illness')?.paidFen),
    );
    const stored: TSettlementAccumulators = await accumulatorsOf(t.database.db, person.id, 2024);
    expect(stored).toEqual(batch.accumulators);
    // Caps: the outpatient basic payments sum to exactly the 400 元 cap, never more.
    const outpatientBasic = rows
      .filter((r) => r.claim_no.startsWith('OP-'))
      .reduce((s, r) => s + r.basic_fen, 0);
    expect(outpatientBasic).toBe(yuan(400));
    expect(stored.basic.outpatient.paidFen).toBe(yuan(400));
    expect(stored.basic.inpatient.admissionCount).toBe(4);
  });

  it('the same request sent four times at once with one Idempotency-Key settles once', async () => {
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao']);
    const claim = claimOf({ claimId: 'SAME-1', admissionDate: '2024-06-01', dischargeDate: '2024-06-05' });
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() => settle(clerk, person.idNumber, claim, { key: 'parallel-key-1' })),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json<Detail>().id)).size).toBe(1);
    expect(await currentClaims(person.id)).toHaveLength(1);
    const keys = await t.database.db
      .selectFrom('settlement_idempotency_key')
      .select('settlement_id')
      .where('idempotency_key', '=', 'parallel-key-1')
      .execute();
    expect(keys).toHaveLength(1);
    expect((await accumulatorsOf(t.database.db, person.id, 2024)).basic.inpatient.admissionCount).toBe(1);
  });

  it('one key with different bodies at once: one settles, the others are refused and write nothing', async () => {
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao']);
    const responses = await Promise.all(
      [1, 2, 3].map((i) =>
        settle(
          clerk,
          person.idNumber,
          claimOf({ claimId: `DIFF-${i}`, admissionDate: '2024-06-01', dischargeDate: `2024-06-0${i + 1}` }),
          { key: 'parallel-key-2' },
        ),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await currentClaims(person.id)).toHaveLength(1);
    expect((await accumulatorsOf(t.database.db, person.id, 2024)).basic.inpatient.admissionCount).toBe(1);
  });
});
