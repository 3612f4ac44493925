import fs from 'node:fs';
import path from 'node:path';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.ts';
import { applyChronicScope } from './chronic-data-scope.ts';

const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('applyChronicScope', () => {
  it('adds the village list of a team doctor to the region scope', () => {
    const query = applyChronicScope(
      db.selectFrom('fu_enrolment as e').select('e.id'),
      {
        villagePrefix: '130321100',
        countyCode: '130321',
        institutionCode: null,
        villageCodes: ['130321100201', '130321100202'],
      },
      'e',
    ).compile();
    expect(query.sql).toBe(
      'select "e"."id" from "fu_enrolment" as "e" where "e"."village_code" like $1 and "e"."county_code" = $2 and "e"."village_code" in ($3, $4)',
    );
    expect(query.parameters).toEqual(['130321100%', '130321', '130321100201', '130321100202']);
  });

  it('is the plain region scope without a village list, and matches nothing with an empty one', () => {
    const scope = { villagePrefix: '130321', countyCode: '130321', institutionCode: null };
    const plain = applyChronicScope(db.selectFrom('fu_visit').select('id'), { ...scope, villageCodes: null });
    expect(plain.compile().sql).toBe(
      'select "id" from "fu_visit" where "village_code" like $1 and "county_code" = $2 and "village_code" >= $3 and "village_code" <= $4',
    );
    expect(plain.compile().parameters).toEqual(['130321%', '130321', '130321000000', '130321999999']);
    const village = applyChronicScope(db.selectFrom('fu_visit').select('id'), {
      villagePrefix: '130321100201',
      countyCode: '130321',
      institutionCode: null,
      villageCodes: null,
    });
    expect(village.compile().parameters).toEqual(['130321100201%', '130321']);
    const empty = applyChronicScope(db.selectFrom('fu_visit').select('id'), { ...scope, villageCodes: [] });
    expect(empty.compile().parameters).toEqual(['130321%', '130321', '-']);
  });
});

describe('the chronic module scopes every query through applyChronicScope', () => {
  it('no other file of the module calls applyDataScope directly', () => {
    const dir = import.meta.dirname;
    const offenders = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'chronic-data-scope.ts')
      .filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('applyDataScope'));
    expect(offenders).toEqual([]);
  });
});
