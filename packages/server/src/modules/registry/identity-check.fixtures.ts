import { addYears, buildCitizenId, chinaDateOf } from '@healthaid/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { generateApiToken } from '../api-tokens/api-token-secret.ts';

/**
 * Test fixture of the identity check and API tokens (used by their int tests).
 * County A 青龙 (130321): 赵一 (特困供养 from 2020, a family-doctor contract for 2025, one open and one treated
 * treatment case) and 钱二 (脱贫人口 only). County B 盐城亭湖 (320902): 孙三 (低保). Institutions H130321001
 * (county A), H130321777 (county A, inactive) and H320902001 (county B). Policies: the seeded 青龙 2024
 * (county level) and 盐城 2023 (city level).
 */
export const DATE = '2025-06-01';
export const ID_ZHAO = buildCitizenId({ addressCode: '130321', birthDate: '1958-02-03', sequence: 12 });
export const ID_QIAN = buildCitizenId({ addressCode: '130321', birthDate: '1975-09-09', sequence: 21 });
export const ID_SUN = buildCitizenId({ addressCode: '320902', birthDate: '1966-06-06', sequence: 33 });
export const ID_STRANGER = buildCitizenId({ addressCode: '130321', birthDate: '2000-01-01', sequence: 99 });
export const VILLAGE_A = '130321100201';
export const VILLAGE_B = '320902001001';

/** A valid expiry date for a new token (one year from today). */
export const inOneYear = () => addYears(chinaDateOf(new Date()), 1);

export async function seedIdentityFixture(db: Kysely<DB>): Promise<Record<string, number>> {
  const personIds: Record<string, number> = {};
  await sql`INSERT INTO medical_institution (code, name, level, region_code, county_code)
            VALUES ('H130321001', '青龙满族自治县医院', 'county', '130321000000', '130321'),
                   ('H130321777', '已停用卫生院', 'township_health_centre', '130321100000', '130321'),
                   ('H320902001', '盐城市亭湖区人民医院', 'county', '320902000000', '320902')
            ON CONFLICT (code) DO NOTHING`.execute(db);
  await sql`UPDATE medical_institution SET active = false WHERE code = 'H130321777'`.execute(db);
  const persons = [
    ['zhao', '130321', ID_ZHAO, '赵一', 'M', '1958-02-03', VILLAGE_A],
    ['qian', '130321', ID_QIAN, '钱二', 'F', '1975-09-09', VILLAGE_A],
    ['sun', '320902', ID_SUN, '孙三', 'M', '1966-06-06', VILLAGE_B],
  ] as const;
  for (const [key, countyCode, idNumber, name, sex, birth, village] of persons) {
    const row = await db
      .insertInto('person')
      .values({
        county_code: countyCode,
        id_number: idNumber,
        name,
        sex,
        birth_date: birth,
        village_code: village,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    personIds[key] = row.id;
    await db
      .insertInto('person_id_index')
      .values({ id_number: idNumber, county_code: countyCode, person_id: row.id })
      .execute();
  }
  const zhao = personIds.zhao as number;
  await db
    .insertInto('person_category')
    .values([
      { county_code: '130321', person_id: zhao, category: 'tekun', valid_from: '2020-01-01' },
      {
        county_code: '130321',
        person_id: personIds.qian as number,
        category: 'poverty_exited',
        valid_from: '2021-01-01',
      },
      {
        county_code: '320902',
        person_id: personIds.sun as number,
        category: 'dibao',
        valid_from: '2022-01-01',
      },
    ])
    .execute();
  await sql`INSERT INTO fd_team (county_code, name, institution_name, members)
            VALUES ('130321', '青龙镇家医一队', '青龙镇卫生院',
                    ${JSON.stringify([{ role: 'doctor', name: '李医生', phone: '13800000001' }])}::jsonb)`.execute(
    db,
  );
  await sql`INSERT INTO fd_contract (county_code, contract_no, person_id, village_code, team_id, package_ids,
                                     start_date, end_date, status, doctor_name)
            SELECT '130321', 'HT-130321-2025-0001', ${zhao}, ${VILLAGE_A}, id, '{}', DATE '2025-01-01',
                   DATE '2025-12-31', 'signed', '李医生' FROM fd_team WHERE name = '青龙镇家医一队'`.execute(
    db,
  );
  await sql`INSERT INTO treatment_case (county_code, person_id, person_disease_key, item_code, item_name, opened_on,
                                        status, status_date)
            VALUES ('130321', ${zhao}, 'k1', 'lung_cancer', '肺癌', DATE '2025-03-01', 'treating', DATE '2025-03-10'),
                   ('130321', ${zhao}, 'k2', 'cataract', '白内障', DATE '2024-05-01', 'treated', DATE '2024-06-01')`.execute(
    db,
  );
  await sql`INSERT INTO treatment_case_event (county_code, case_id, status, event_date)
            SELECT county_code, id, 'waiting', opened_on FROM treatment_case WHERE person_id = ${zhao}`.execute(
    db,
  );
  await sql`INSERT INTO treatment_case_event (county_code, case_id, status, event_date)
            SELECT county_code, id, 'treating', DATE '2025-03-10' FROM treatment_case
            WHERE person_id = ${zhao} AND person_disease_key = 'k1'`.execute(db);
  await sql`INSERT INTO treatment_case_event (county_code, case_id, status, event_date)
            SELECT county_code, id, 'treated', DATE '2024-06-01' FROM treatment_case
            WHERE person_id = ${zhao} AND person_disease_key = 'k2'`.execute(db);
  return personIds;
}

/**
 * Writes a token row directly (for cases the API refuses to create, e.g. another county's institution, or
 * a past expiry) and returns the secret.
 */
export async function insertApiTokenRow(
  db: Kysely<DB>,
  values: { institutionCode: string; regionCode: string; expiresAt?: Date; permissions?: string[] },
): Promise<string> {
  const secret = generateApiToken();
  const creator = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('api_token')
    .values({
      name: `测试令牌 ${values.institutionCode}`,
      institution_code: values.institutionCode,
      region_code: values.regionCode,
      permissions: sql<string[]>`${values.permissions ?? ['identity.check']}::text[]`,
      token_hash: secret.hash,
      token_prefix: secret.displayPrefix,
      expires_at: values.expiresAt ?? new Date(Date.now() + 86_400_000),
      created_by: creator.id,
      created_at:
        values.expiresAt && values.expiresAt.getTime() < Date.now()
          ? new Date(values.expiresAt.getTime() - 1000)
          : new Date(),
    })
    .execute();
  return secret.token;
}
