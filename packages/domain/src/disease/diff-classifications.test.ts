import { describe, expect, it } from 'vitest';
import type { TDiseaseCatalog } from './catalog.schema.ts';
import {
  CHRONIC4_2017,
  CHRONIC6_2017,
  DISEASE_CATALOGS,
  NATIONAL_MAJOR_2017,
  NATIONAL_MAJOR_2018,
  NATIONAL_MAJOR_2019,
  NATIONAL_SEVERE_2017,
} from './catalogs/index.ts';
import type { TClassifiableDiagnosis } from './classify-person-diseases.ts';
import {
  diffClassifications,
  previewReclassification,
  type TReclassificationSubject,
} from './diff-classifications.ts';

function verified(diagnosisId: string, icdCode: string | null, diagnosedOn: string): TClassifiableDiagnosis {
  return { diagnosisId, icdCode, name: '诊断', diagnosedOn, verificationStatus: 'verified' };
}

describe('diffClassifications', () => {
  it('lists moves by person and diagnosis, with counts by (from, to)', () => {
    const before = [
      { personId: 'p2', diagnosisId: 'd1', line: 'chronic_contract' as const, itemName: '脑血管病' },
      { personId: 'p1', diagnosisId: 'd2', line: 'chronic_contract' as const, itemName: '脑血管病' },
      { personId: 'p1', diagnosisId: 'd1', line: 'none' as const },
      { personId: 'p3', diagnosisId: 'd1', line: 'major_treatment' as const },
      { personId: 'p4', diagnosisId: 'd1', line: 'major_treatment' as const },
    ];
    const after = [
      { personId: 'p1', diagnosisId: 'd1', line: 'none' as const },
      {
        personId: 'p1',
        diagnosisId: 'd2',
        line: 'major_treatment' as const,
        itemName: '脑卒中',
        reason: '2019版',
      },
      {
        personId: 'p2',
        diagnosisId: 'd1',
        line: 'major_treatment' as const,
        itemName: '脑卒中',
        reason: '2019版',
      },
      { personId: 'p3', diagnosisId: 'd1', line: 'major_treatment' as const },
      { personId: 'p5', diagnosisId: 'd9', line: 'chronic_contract' as const },
    ];
    const diff = diffClassifications(before, after);
    expect(diff.moves).toEqual([
      {
        personId: 'p1',
        diagnosisId: 'd2',
        from: 'chronic_contract',
        to: 'major_treatment',
        fromItemName: '脑血管病',
        toItemName: '脑卒中',
        reason: '2019版',
      },
      {
        personId: 'p2',
        diagnosisId: 'd1',
        from: 'chronic_contract',
        to: 'major_treatment',
        fromItemName: '脑血管病',
        toItemName: '脑卒中',
        reason: '2019版',
      },
      {
        personId: 'p4',
        diagnosisId: 'd1',
        from: 'major_treatment',
        to: null,
        fromItemName: null,
        toItemName: null,
        reason: null,
      },
      {
        personId: 'p5',
        diagnosisId: 'd9',
        from: null,
        to: 'chronic_contract',
        fromItemName: null,
        toItemName: null,
        reason: null,
      },
    ]);
    expect(diff.counts).toEqual([
      { from: 'chronic_contract', to: 'major_treatment', count: 2 },
      { from: 'major_treatment', to: null, count: 1 },
      { from: null, to: 'chronic_contract', count: 1 },
    ]);
    expect(diff.unchangedCount).toBe(2);
  });

  it('is empty for identical runs and does not treat ids with separators as equal', () => {
    const run = [
      { personId: 'a|b', diagnosisId: 'c', line: 'none' as const },
      { personId: 'a', diagnosisId: 'b|c', line: 'major_treatment' as const },
    ];
    expect(diffClassifications(run, run)).toEqual({ moves: [], counts: [], unchangedCount: 2 });
    expect(diffClassifications([], [])).toEqual({ moves: [], counts: [], unchangedCount: 0 });
  });
});

describe('previewReclassification', () => {
  const subjects: TReclassificationSubject[] = [
    {
      personId: 'stroke-patient',
      birthDate: '1955-01-01',
      regionCode: '130321100201',
      diagnoses: [
        verified('stroke', 'I63.900', '2018-05-01'),
        verified('hypertension', 'I10.x00', '2015-01-01'),
      ],
    },
    {
      personId: 'copd-patient',
      birthDate: '1950-07-01',
      regionCode: '130321100201',
      diagnoses: [verified('copd', 'J44.900', '2018-09-09'), verified('free', null, '2018-09-09')],
    },
    {
      personId: 'lung-cancer-patient',
      birthDate: '1962-02-02',
      regionCode: '130321100201',
      diagnoses: [verified('lung', 'C34.900', '2018-03-03')],
    },
  ];
  const base: TDiseaseCatalog[] = [NATIONAL_MAJOR_2017, NATIONAL_MAJOR_2018, CHRONIC4_2017, CHRONIC6_2017];

  it('shows who moves to 大病集中救治 when the 2019 list is published', () => {
    const diff = previewReclassification(
      subjects,
      { catalogs: base, asOf: '2019-01-01' },
      { catalogs: [...base, NATIONAL_MAJOR_2019], asOf: '2019-01-01' },
    );
    expect(
      diff.moves.map((move) => [move.personId, move.diagnosisId, move.from, move.to, move.toItemName]),
    ).toEqual([
      ['copd-patient', 'copd', 'chronic_contract', 'major_treatment', '慢阻肺'],
      ['stroke-patient', 'stroke', 'chronic_contract', 'major_treatment', '脑卒中'],
    ]);
    expect(diff.counts).toEqual([{ from: 'chronic_contract', to: 'major_treatment', count: 2 }]);
    expect(diff.unchangedCount).toBe(3);
  });

  it('moves earlier diagnoses only when re-classified as of the new effective date', () => {
    const withSevere = [NATIONAL_MAJOR_2017, NATIONAL_SEVERE_2017];
    const early: TReclassificationSubject = {
      personId: 'early',
      birthDate: '1962-02-02',
      diagnoses: [verified('lung', 'C34.900', '2017-03-03')],
    };
    const asDiagnosed = previewReclassification(
      [early],
      { catalogs: withSevere },
      { catalogs: [...withSevere, NATIONAL_MAJOR_2018] },
    );
    expect(asDiagnosed.moves).toEqual([]);
    const asOf2018 = previewReclassification(
      [early],
      { catalogs: withSevere },
      { catalogs: [...withSevere, NATIONAL_MAJOR_2018], asOf: NATIONAL_MAJOR_2018.effectiveFrom },
    );
    expect(asOf2018.counts).toEqual([{ from: 'severe_safety_net', to: 'major_treatment', count: 1 }]);
    expect(asOf2018.moves[0]?.reason).toBe('2018版大病专项救治目录：肺癌（C33-C34）');
  });

  it('is empty when nothing changes', () => {
    const diff = previewReclassification(
      subjects,
      { catalogs: DISEASE_CATALOGS },
      { catalogs: DISEASE_CATALOGS },
    );
    expect(diff.moves).toEqual([]);
    expect(diff.unchangedCount).toBe(5);
  });
});
