import { describe, expect, it } from 'vitest';
import { addDays, addYears } from '../calendar/iso-date.ts';
import {
  DISEASE_CATALOGS,
  NATIONAL_MAJOR_2017,
  NATIONAL_MAJOR_2018,
  NATIONAL_MAJOR_2019,
  NATIONAL_MAJOR_2020,
} from './catalogs/index.ts';
import { classifyPersonDiseases, type DiseaseLine } from './classify-person-diseases.ts';

/**
 * Classification tables per national major-disease version, on the day each version takes effect and the
 * day before: the version chosen, the 0–14 age rule at its boundary (14 on the day, 15th birthday on the
 * day), and codes just inside and just outside each range pattern.
 */
const HEBEI = '130321100201';

function classify(code: string, diagnosedOn: string, birthDate: string) {
  const [result] = classifyPersonDiseases({
    personId: 'p',
    birthDate,
    catalogs: DISEASE_CATALOGS,
    regionCode: HEBEI,
    diagnoses: [
      { diagnosisId: 'd', icdCode: code, name: '诊断', diagnosedOn, verificationStatus: 'verified' },
    ],
  });
  if (!result) {
    throw new Error('no classification');
  }
  return result;
}

const VERSIONS = [
  { catalog: NATIONAL_MAJOR_2017, previous: null, chd: 'child-chd-septal', leukaemia: 'child-all' },
  {
    catalog: NATIONAL_MAJOR_2018,
    previous: 'national-major-2017',
    chd: 'child-chd',
    leukaemia: 'child-leukaemia',
  },
  {
    catalog: NATIONAL_MAJOR_2019,
    previous: 'national-major-2018',
    chd: 'child-chd',
    leukaemia: 'child-leukaemia',
  },
  {
    catalog: NATIONAL_MAJOR_2020,
    previous: 'national-major-2019',
    chd: 'child-chd',
    leukaemia: 'child-leukaemia',
  },
] as const;

describe.each(VERSIONS)('$catalog.code (effective $catalog.effectiveFrom)', ({
  catalog,
  previous,
  chd,
  leukaemia,
}) => {
  const day = catalog.effectiveFrom;
  const adult = '1960-05-20';

  it('is the version of a diagnosis dated the day it takes effect; the day before uses the previous one', () => {
    expect(classify('C16.900', day, adult)).toMatchObject({
      catalogCode: catalog.code,
      itemCode: 'gastric-cancer',
    });
    const before = classify('C16.900', addDays(day, -1), adult);
    // Before the first national version, the first version still applies (existing patients were verified).
    expect(before.catalogCode).toBe(previous ?? catalog.code);
  });

  it.each<[string, (d: string) => string, DiseaseLine, 'chd' | 'leukaemia' | null]>([
    ['14 (15th birthday tomorrow)', (d) => addDays(addYears(d, -15), 1), 'major_treatment', 'chd'],
    ['15 (15th birthday today)', (d) => addYears(d, -15), 'none', null],
    ['0 (born that day)', (d) => d, 'major_treatment', 'chd'],
  ])('child heart defect (Q21.0) at age %s', (_label, birthOf, line, item) => {
    const result = classify('Q21.000', day, birthOf(day));
    expect(result.line).toBe(line);
    expect(result.itemCode).toBe(item === 'chd' ? chd : null);
  });

  it.each<[string, (d: string) => string, string]>([
    ['14', (d) => addDays(addYears(d, -15), 1), 'major_treatment'],
    ['15', (d) => addYears(d, -15), 'severe_safety_net'],
  ])('child leukaemia (C91.0) at age %s', (_label, birthOf, line) => {
    const result = classify('C91.000', day, birthOf(day));
    expect(result.line).toBe(line);
    if (line === 'major_treatment') {
      expect(result.itemCode).toBe(leukaemia);
    }
  });

  it.each<[string, string | null]>([
    ['C15.000', 'oesophageal-cancer'],
    ['C16.000', 'gastric-cancer'],
    ['C18.000', 'colon-cancer'],
    ['C19.x00', 'colon-cancer'],
    ['C20.x00', 'rectal-cancer'],
    ['C17.900', null],
    ['C21.000', null],
    ['C14.000', null],
  ])('%s on the first day → %s (range edges)', (code, item) => {
    const result = classify(code, day, adult);
    expect(result.itemCode === null || result.line !== 'major_treatment' ? null : result.itemCode).toBe(item);
  });
});

describe('additions by version on their first day', () => {
  it.each([
    ['C34.900', 'national-major-2018', 'lung-cancer'],
    ['I63.900', 'national-major-2019', 'stroke'],
    ['J44.900', 'national-major-2019', 'copd'],
    ['F20.900', 'national-major-2020', 'severe-psychosis'],
    ['C64.x00', 'national-major-2020', 'kidney-cancer'],
  ])('%s joins the major line with %s', (code, catalogCode, itemCode) => {
    const version = VERSIONS.find((v) => v.catalog.code === catalogCode)?.catalog;
    if (!version) {
      throw new Error(catalogCode);
    }
    expect(classify(code, version.effectiveFrom, '1960-05-20')).toMatchObject({
      line: 'major_treatment',
      catalogCode,
      itemCode,
    });
    expect(classify(code, addDays(version.effectiveFrom, -1), '1960-05-20').line).not.toBe('major_treatment');
  });
});
