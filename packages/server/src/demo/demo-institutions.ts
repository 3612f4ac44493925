import {
  BASIC_EQUIPMENT_TOWNSHIP,
  BASIC_EQUIPMENT_VILLAGE,
  DISEASE_CATALOGS,
  evaluateStandardisation,
  type InstitutionLevel,
  NATIONAL_MAJOR_2020,
  resolveCatalogItems,
} from '@healthaid/domain';
import type { Insertable, Kysely } from 'kysely';
import type { DB, MedicalInstitutionTable } from '../db/schema.ts';

/**
 * The demo county's medical institutions: the county hospital (code H130321001, used by the demo clerk
 * account and the demo settlements), the county TCM and maternal-and-child hospitals, 秦皇岛市第一医院 (the
 * city hospital patients are referred up to), one health centre for every town and township of 130321 in
 * the region table (青龙镇卫生院 is H130321002, the others W + township code; a community health service
 * centre for 都阳路街道) and one clinic for every village committee (村卫生室, C + village code).
 * Standardisation checks are deterministic (derived from the code), so the 标准化村卫生室率 of the demo is
 * stable: about two in three village clinics pass, as after the source county's 142-clinic programme.
 */

export const DEMO_COUNTY_HOSPITAL = 'H130321001';
/** 青龙镇卫生院 keeps the code the settlement module's tests use for the county's township centre. */
const CODE_OF_TOWNSHIP: Readonly<Record<string, string>> = { '130321100000': 'H130321002' };
const CHECKED_ON = '2025-11-20';
const CHECKED_BY = '县卫健局基层卫生股';

type Row = Insertable<MedicalInstitutionTable>;

/** A small deterministic hash (FNV-1a) of a code, 0..2^32-1. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function checklist(code: string, level: InstitutionLevel): Partial<Row> {
  const h = hashOf(code);
  const isVillage = level === 'village_clinic';
  const fails = h % 3 === 0;
  const required = isVillage ? BASIC_EQUIPMENT_VILLAGE : BASIC_EQUIPMENT_TOWNSHIP;
  const areaM2 = isVillage ? (fails && h % 2 === 0 ? 35 + (h % 24) : 60 + (h % 61)) : 320 + (h % 900);
  const hasFourRooms = !(fails && h % 5 < 2);
  const doctorsInPost = isVillage ? (fails && h % 7 === 0 ? 0 : 1 + (h % 2)) : 3 + (h % 18);
  const equipment =
    fails && h % 4 !== 0 ? required.filter((_, i) => i !== h % required.length) : [...required];
  const result = evaluateStandardisation({
    level,
    areaM2,
    hasFourRoomsSeparated: hasFourRooms,
    doctorsInPost,
    equipment,
  });
  return {
    area_m2: areaM2,
    has_four_rooms: hasFourRooms,
    doctors_in_post: doctorsInPost,
    equipment: JSON.stringify(equipment),
    checked_on: CHECKED_ON,
    checked_by: CHECKED_BY,
    is_standard: result.isStandard,
    standardisation_failures: JSON.stringify(result.failures),
  };
}

const MAJOR_ITEM_CODES = resolveCatalogItems(NATIONAL_MAJOR_2020, DISEASE_CATALOGS).map((item) => item.code);

/** Inserts the demo institutions of `countyCode` unless they exist; returns how many were added. */
export async function seedDemoInstitutionsIfEmpty(db: Kysely<DB>, countyCode: string): Promise<number> {
  const existing = await db
    .selectFrom('medical_institution')
    .select('code')
    .where('county_code', '=', countyCode)
    .limit(1)
    .executeTakeFirst();
  if (existing) {
    return 0;
  }
  const regions = await db
    .selectFrom('region')
    .select(['code', 'name', 'level'])
    .where('code', 'like', `${countyCode}%`)
    .where('level', 'in', ['township', 'village'])
    .orderBy('code')
    .execute();
  const county = `${countyCode}000000`;
  const rows: Row[] = [
    {
      code: DEMO_COUNTY_HOSPITAL,
      name: '青龙满族自治县医院',
      level: 'county',
      kind: '综合医院',
      region_code: county,
      county_code: countyCode,
      address: '青龙满族自治县青龙镇',
      designated_disease_codes: JSON.stringify(MAJOR_ITEM_CODES),
    },
    {
      code: 'H130321004',
      name: '青龙满族自治县中医院',
      level: 'county',
      kind: '中医医院',
      region_code: county,
      county_code: countyCode,
      designated_disease_codes: JSON.stringify(['stroke', 'copd', 'cataract']),
    },
    {
      code: 'H130321005',
      name: '青龙满族自治县妇幼保健院',
      level: 'county',
      kind: '妇幼保健院',
      region_code: county,
      county_code: countyCode,
      designated_disease_codes: JSON.stringify(['cervical-cancer', 'breast-cancer']),
    },
  ];
  if (countyCode === '130321') {
    rows.push({
      code: 'H130300001',
      name: '秦皇岛市第一医院',
      level: 'city',
      kind: '综合医院',
      region_code: '130302000000',
      county_code: '130302',
      designated_disease_codes: JSON.stringify(MAJOR_ITEM_CODES),
    });
  }
  for (const region of regions) {
    if (region.level === 'township') {
      const isStreet = region.name.endsWith('街道');
      const level: InstitutionLevel = isStreet ? 'community_health_centre' : 'township_health_centre';
      const code = CODE_OF_TOWNSHIP[region.code] ?? `${isStreet ? 'S' : 'W'}${region.code.slice(0, 9)}`;
      rows.push({
        code,
        name: isStreet ? `${region.name}社区卫生服务中心` : `${region.name}卫生院`,
        level,
        kind: isStreet ? '社区卫生服务中心' : '乡镇卫生院',
        region_code: region.code,
        county_code: countyCode,
        ...(isStreet ? {} : checklist(code, level)),
      });
    } else if (region.name.endsWith('村民委员会')) {
      const code = `C${region.code}`;
      rows.push({
        code,
        name: `${region.name.replace(/村民委员会$/, '')}卫生室`,
        level: 'village_clinic',
        kind: '村卫生室',
        region_code: region.code,
        county_code: countyCode,
        ...checklist(code, 'village_clinic'),
      });
    }
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('medical_institution')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
  });
  return rows.length;
}
