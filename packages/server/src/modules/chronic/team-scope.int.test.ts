import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import {
  hypertensionVisit,
  insertPerson,
  VILLAGE_DOCTOR,
  VILLAGE_OTHER_TOWNSHIP,
  VILLAGE_SAME_TOWNSHIP,
} from './chronic-test-fixtures.ts';

/**
 * A village doctor's chronic scope is the villages of the family-doctor teams he is a member of (by
 * account), within his county, besides his own village; never a village outside his teams.
 * Team 一队 serves his village 大杖子 (…201), 老爷庙 (…202, same township) and 牛心山 (130321101201,
 * another township); 大营子 (…203, his township) is served by another team.
 */
const VILLAGE_NOT_IN_TEAM = '130321100203';

let t: TestApp;
let county: Session;
let doctor: Session;
let doctorUserId: number;
let teamId: number;
const P: Record<string, number> = {};

type ErrorBody = { error: { code: string; message: string } };
type Page<T> = { items: T[]; total: number };

const teamBody = (members: unknown[], villageCodes: string[], status = 'active') => ({
  name: '青龙镇跨村一队',
  institutionName: '青龙镇卫生院',
  members,
  villageCodes,
  status,
});
const DOCTOR_MEMBER = { role: 'doctor', name: '李村医' };

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county');
  doctor = await t.login('doctor');
  const db = t.database.db;
  doctorUserId = (
    await db.selectFrom('app_user').where('username', '=', 'doctor').select('id').executeTakeFirstOrThrow()
  ).id;
  for (const [key, name, village] of [
    ['own', '本村甲', VILLAGE_DOCTOR],
    ['neighbour', '邻村乙', VILLAGE_SAME_TOWNSHIP],
    ['otherTown', '外乡丙', VILLAGE_OTHER_TOWNSHIP],
    ['outside', '队外丁', VILLAGE_NOT_IN_TEAM],
  ] as const) {
    P[key] = await insertPerson(db, { name, village, birthDate: '1960-01-01' });
    // Each was last seen on 2026-04-01 (satisfactory): due 07-01, overdue on 2026-09-01.
    const res = await t.as(county, {
      method: 'POST',
      url: `/api/v1/chronic/persons/${P[key]}/visits/hypertension`,
      payload: hypertensionVisit({ visitDate: '2026-04-01' }),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const team = await t.as(county, {
    method: 'POST',
    url: '/api/v1/chronic/teams',
    payload: teamBody([DOCTOR_MEMBER], [VILLAGE_DOCTOR, VILLAGE_SAME_TOWNSHIP, VILLAGE_OTHER_TOWNSHIP]),
  });
  expect(team.statusCode, team.body).toBe(201);
  teamId = team.json<{ id: number }>().id;
  const other = await t.as(county, {
    method: 'POST',
    url: '/api/v1/chronic/teams',
    payload: { ...teamBody([DOCTOR_MEMBER], [VILLAGE_NOT_IN_TEAM]), name: '大营子一队' },
  });
  expect(other.statusCode, other.body).toBe(201);
});

afterAll(async () => {
  await t.close();
});

const overdueNames = async (query = '') => {
  const res = await t.as(doctor, { method: 'GET', url: `/api/v1/chronic/overdue?asOf=2026-09-01${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page<{ name: string }>>().items.map((i) => i.name);
};

const linkDoctor = (status = 'active') =>
  t.as(county, {
    method: 'PUT',
    url: `/api/v1/chronic/teams/${teamId}`,
    payload: teamBody(
      [{ ...DOCTOR_MEMBER, userId: doctorUserId }],
      [VILLAGE_DOCTOR, VILLAGE_SAME_TOWNSHIP, VILLAGE_OTHER_TOWNSHIP],
      status,
    ),
  });

describe('a village doctor not linked to any team', () => {
  it('sees his own village only', async () => {
    expect(await overdueNames()).toEqual(['本村甲']);
  });
});

describe('a village doctor linked to a team', () => {
  beforeAll(async () => {
    const res = await linkDoctor();
    expect(res.statusCode, res.body).toBe(200);
  });

  it('sees the overdue patients of every village of his team, across townships', async () => {
    expect((await overdueNames()).sort()).toEqual(['外乡丙', '本村甲', '邻村乙'].sort());
  });

  it('never a village outside his teams, whatever he asks for', async () => {
    expect(await overdueNames()).not.toContain('队外丁');
    // A whole township or the county narrows to his villages inside it.
    expect((await overdueNames('&region=130321100000')).sort()).toEqual(['本村甲', '邻村乙'].sort());
    expect(await overdueNames('&region=130321000000')).not.toContain('队外丁');
    expect(await overdueNames(`&region=${VILLAGE_OTHER_TOWNSHIP}`)).toEqual(['外乡丙']);
    const refused = await t.as(doctor, {
      method: 'GET',
      url: `/api/v1/chronic/overdue?region=${VILLAGE_NOT_IN_TEAM}`,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorBody>().error.message).toBe(`区域“${VILLAGE_NOT_IN_TEAM}”不在您的管辖范围内`);
    const otherCounty = await t.as(doctor, {
      method: 'GET',
      url: '/api/v1/chronic/overdue?region=130322000000',
    });
    expect(otherCounty.statusCode).toBe(403);
  });

  it('records visits and calls for his team villages, not for a village outside them', async () => {
    const visit = (personId: number | undefined) =>
      t.as(doctor, {
        method: 'POST',
        url: `/api/v1/chronic/persons/${personId}/visits/hypertension`,
        payload: hypertensionVisit({ visitDate: '2026-09-01' }),
      });
    expect((await visit(P.otherTown)).statusCode).toBe(201);
    const refused = await visit(P.outside);
    expect(refused.statusCode).toBe(404);
    expect(refused.json<ErrorBody>().error.message).toBe(
      `人员（编号${P.outside}）不存在或不在您的管辖范围内`,
    );
    const outsideEnrolment = await t.database.db
      .selectFrom('fu_enrolment')
      .where('person_id', '=', P.outside as number)
      .select('id')
      .executeTakeFirstOrThrow();
    const call = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/overdue/${outsideEnrolment.id}/outcomes`,
      payload: { outcome: 'agreed_to_visit', calledOn: '2026-09-01' },
    });
    expect(call.statusCode).toBe(404);
  });

  it('every chronic list follows the same scope', async () => {
    const names = async (url: string, key: 'name' | 'personName') => {
      const res = await t.as(doctor, { method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Page<Record<string, string>>>().items.map((i) => i[key]);
    };
    const picker = await names('/api/v1/chronic/persons?pageSize=100', 'name');
    expect(picker).toContain('外乡丙');
    expect(picker).not.toContain('队外丁');
    const enrolments = await names('/api/v1/chronic/enrolments?pageSize=100', 'personName');
    expect(enrolments.sort()).toEqual(['外乡丙', '本村甲', '邻村乙'].sort());
    const visits = await names('/api/v1/chronic/visits?pageSize=100', 'personName');
    expect(visits).not.toContain('队外丁');
    expect(visits).toContain('外乡丙');
    const teams = await names('/api/v1/chronic/teams', 'name');
    expect(teams).toEqual(['青龙镇跨村一队']);
    const indicators = await t.as(doctor, {
      method: 'GET',
      url: '/api/v1/chronic/indicators?from=2026-01-01&to=2026-12-31',
    });
    const managed = indicators
      .json<{ items: { code: string; numerator: number }[] }>()
      .items.find((i) => i.code === 'managed');
    expect(managed?.numerator).toBe(3);
  });

  it('shrinks back to his own village when the team is deactivated', async () => {
    expect((await linkDoctor('inactive')).statusCode).toBe(200);
    expect(await overdueNames()).toEqual(['本村甲']);
    expect((await linkDoctor('active')).statusCode).toBe(200);
  });
});

describe('linking accounts to team members', () => {
  it.each([
    ['township', '成员“李村医”关联的账号“township”不是村医账号'],
    ['missing', '成员“李村医”关联的登录账号不存在或已停用'],
  ])('refuses %s', async (who, message) => {
    const userId =
      who === 'missing'
        ? 999_999
        : (
            await t.database.db
              .selectFrom('app_user')
              .where('username', '=', who)
              .select('id')
              .executeTakeFirstOrThrow()
          ).id;
    const res = await t.as(county, {
      method: 'PUT',
      url: `/api/v1/chronic/teams/${teamId}`,
      payload: teamBody([{ ...DOCTOR_MEMBER, userId }], [VILLAGE_DOCTOR]),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.message).toBe(message);
  });

  it('lists the village-doctor accounts of the caller’s region for the team form', async () => {
    const res = await t.as(county, { method: 'GET', url: '/api/v1/chronic/team-accounts' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ username: string; regionName: string }[]>()).toContainEqual(
      expect.objectContaining({ username: 'doctor', regionName: '大杖子村村民委员会' }),
    );
    expect((await t.as(doctor, { method: 'GET', url: '/api/v1/chronic/team-accounts' })).statusCode).toBe(
      403,
    );
  });
});
