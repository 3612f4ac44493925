import { ageOn, QINGLONG_2024_POLICY } from '@healthaid/domain';
import { describe, expect, it } from 'vitest';
import { type ActivityPerson, type PersonActivity, planPersonActivity } from './demo-activity-plan.ts';
import { createRandom, generateHouseholds } from './demo-population.ts';

const villages = Array.from({ length: 60 }, (_, i) => ({
  code: `130321${(100 + Math.floor(i / 10)).toString()}${(201 + (i % 10)).toString()}`,
  name: `第${i + 1}村村民委员会`,
  townshipName: `第${Math.floor(i / 10) + 1}镇`,
}));
const AS_OF = '2026-11-01';
const PERSONS = 20_000;

function plan(seed: number) {
  const random = createRandom(seed);
  const ctx = {
    asOf: AS_OF,
    random,
    countyCode: '130321',
    doctorOf: () => '王建国',
    verifierName: '县卫健局业务员',
    policy: QINGLONG_2024_POLICY,
    countyHospital: 'H130321001',
    cityHospital: 'H130300001',
    townshipCentreOf: (v: string) => `W${v.slice(0, 9)}`,
  };
  let serial = 0;
  const counter = { next: () => ++serial };
  const result: { person: ActivityPerson; activity: PersonActivity }[] = [];
  for (const b of generateHouseholds({
    countyCode: '130321',
    villages,
    persons: PERSONS,
    seed: 1,
    asOf: AS_OF,
  })) {
    for (const p of b.persons) {
      const person: ActivityPerson = {
        id: p.id,
        idNumber: p.id_number,
        villageCode: p.village_code,
        householdId: b.household.id,
        birthDate: p.birth_date,
        sex: p.sex,
        status: p.status,
        statusDate: p.status_date,
        mainCause: b.household.main_cause,
        categories: p.categories.map((c) => ({
          category: c.category,
          validFrom: c.valid_from,
          validTo: c.valid_to,
        })),
      };
      result.push({ person, activity: planPersonActivity(person, ctx, counter) });
    }
  }
  return result;
}

describe('planPersonActivity on a 20,000-person county', { timeout: 120_000 }, () => {
  const planned = plan(101);
  const scale = PERSONS / 70_000;
  const count = (test: (a: PersonActivity, p: ActivityPerson) => boolean) =>
    planned.filter(({ activity, person }) => test(activity, person)).length;

  it('is deterministic for a seed', () => {
    const again = plan(101);
    expect(again.map((x) => x.activity)).toEqual(planned.map((x) => x.activity));
  });

  it('has 大病 and severe mental disorder patients at the source county’s rates (719 and 2,681 per 70,000)', () => {
    const major = count((a) =>
      a.diagnoses.some(
        (d) => d.verification.status === 'verified' && d.classification?.line === 'major_treatment',
      ),
    );
    const mental = count((a) =>
      a.diagnoses.some((d) => d.verification.status !== 'rejected' && /^F(20|22|25|31|06|7)/.test(d.icdCode)),
    );
    expect(major).toBeGreaterThan(719 * scale * 0.8);
    expect(major).toBeLessThan(719 * scale * 1.2);
    expect(mental).toBeGreaterThan(2_681 * scale * 0.88);
    expect(mental).toBeLessThan(2_681 * scale * 1.12);
    const hypertension = count((a) => a.diagnoses.some((d) => d.icdCode.startsWith('I1')));
    const diabetes = count((a) => a.diagnoses.some((d) => d.icdCode.startsWith('E11')));
    expect(hypertension).toBeGreaterThan(PERSONS * 0.12);
    expect(diabetes).toBeGreaterThan(PERSONS * 0.04);
  });

  it('verifies most diagnoses, leaves the recent ones often pending, classifies only verified ones', () => {
    const diagnoses = planned.flatMap((x) => x.activity.diagnoses);
    const share = (s: string) =>
      diagnoses.filter((d) => d.verification.status === s).length / diagnoses.length;
    expect(share('verified')).toBeGreaterThan(0.9);
    expect(share('pending')).toBeGreaterThan(0.005);
    expect(share('rejected')).toBeGreaterThan(0.01);
    for (const d of diagnoses) {
      expect(d.registeredOn >= d.diagnosedOn || d.registeredOn >= '2024-03-01').toBe(true);
      expect(d.registeredOn <= AS_OF).toBe(true);
      if (d.verification.status === 'verified') {
        expect(d.classification?.line).toBeDefined();
      } else {
        expect(d.classification?.line ?? 'none').toBe('none');
      }
    }
  });

  it('opens one ledger case per verified 大病 person-disease, in every status, most treated', () => {
    const cases = planned.flatMap((x) => x.activity.cases);
    const statuses = new Map<string, number>();
    for (const c of cases) {
      statuses.set(c.ledger.status, (statuses.get(c.ledger.status) ?? 0) + 1);
      expect(c.ledger.history[0]?.status).toBe('waiting');
      expect(c.ledger.statusDate <= AS_OF).toBe(true);
    }
    expect([...statuses.keys()].sort()).toEqual(
      expect.arrayContaining(['abandoned', 'not_ready', 'treated', 'treating', 'waiting']),
    );
    const treated = (statuses.get('treated') ?? 0) + (statuses.get('treating') ?? 0);
    expect(treated / cases.length).toBeGreaterThan(0.75);
    for (const { person, activity } of planned) {
      for (const c of activity.cases) {
        if (c.ledger.status === 'dead') {
          expect(person.status).toBe('dead');
        }
      }
    }
  });

  it('signs most persons, follows up every managed patient with some overdue and some uncontrolled', () => {
    const alive = planned.filter((x) => x.person.status === 'normal');
    const contracted = alive.filter((x) => x.activity.contracts.length > 0).length / alive.length;
    expect(contracted).toBeGreaterThan(0.8);
    expect(contracted).toBeLessThan(0.95);
    const enrolments = planned.flatMap((x) => x.activity.enrolments);
    const overdue = enrolments.filter((e) => e.nextDueDate < AS_OF).length / enrolments.length;
    expect(overdue).toBeGreaterThan(0.05);
    expect(overdue).toBeLessThan(0.3);
    const last = enrolments.flatMap((e) => (e.disease === 'mental' ? [] : e.visits.slice(-1)));
    const uncontrolled = last.filter((v) => v.classification !== 'satisfactory').length / last.length;
    expect(uncontrolled).toBeGreaterThan(0.15);
    expect(uncontrolled).toBeLessThan(0.5);
    expect(new Set(enrolments.map((e) => e.disease))).toEqual(
      new Set(['hypertension', 'diabetes', 'mental']),
    );
    for (const e of enrolments) {
      for (const v of e.visits) {
        expect(v.form.visitDate <= AS_OF).toBe(true);
        expect(v.form.visitDate >= e.managedFrom).toBe(true);
      }
    }
  });

  it('settles a year of admissions whose layers add up, chained through the yearly accumulators', () => {
    const settlements = planned.flatMap((x) => x.activity.settlements);
    expect(settlements.length).toBeGreaterThan(PERSONS * 0.06);
    expect(settlements.length).toBeLessThan(PERSONS * 0.14);
    for (const s of settlements) {
      const paid = s.result.layers.reduce((sum, l) => sum + l.paidFen, 0);
      expect(paid + s.result.patientPaysFen + s.result.borneByFen).toBe(s.claim.totalFen);
      expect(s.claim.dischargeDate <= AS_OF).toBe(true);
    }
    const levels = new Set(settlements.map((s) => s.claim.institutionLevel));
    expect(levels).toEqual(new Set(['township', 'county', 'city']));
    expect(settlements.some((s) => s.institutionCode === 'H130321001')).toBe(true);
    const noClaims = planned.filter(
      (x) => ageOn(x.person.birthDate, AS_OF) < 200 && x.activity.settlements.length === 0,
    );
    expect(noClaims.every((x) => x.activity.accumulators === null)).toBe(true);
  });
});
