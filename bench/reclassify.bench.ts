import {
  DISEASE_CATALOGS,
  NATIONAL_MAJOR_2020,
  previewReclassification,
  type TDiseaseCatalog,
  type TReclassificationSubject,
} from '@healthaid/domain';
import { report, timeMs } from './harness.ts';

/**
 * Re-classification of a whole county (the work behind the 病种目录 preview and publish): every verified
 * diagnosis of every person classified under the catalogues in force and under the set with a county
 * draft added, then diffed. The source county has ~70,000 poor persons; the demo rates give ~1.2 verified
 * diagnoses per ill person. Sizes: RECLASSIFY_PERSONS (default 70000), RECLASSIFY_RUNS (default 5).
 * Run: npm run bench -- reclassify
 */
const persons = Number(process.env.RECLASSIFY_PERSONS ?? 70_000);
const runs = Number(process.env.RECLASSIFY_RUNS ?? 5);
const CODES = [
  'I10.x00',
  'E11.900',
  'E11.200',
  'C16.900',
  'I63.900',
  'J44.900',
  'F20.900',
  'K74.600',
  'M17.900',
  'N18.500',
];

const subjects: TReclassificationSubject[] = Array.from({ length: persons }, (_, i) => ({
  personId: String(i),
  birthDate: `${1940 + (i % 70)}-0${1 + (i % 9)}-1${i % 10}`,
  regionCode: '130321100201',
  diagnoses: Array.from({ length: 1 + (i % 3 === 0 ? 1 : 0) }, (_, j) => ({
    diagnosisId: `${i}-${j}`,
    icdCode: CODES[(i * 7 + j * 3) % CODES.length] ?? 'I10.x00',
    name: '诊断',
    diagnosedOn: `20${18 + (i % 8)}-0${1 + (j % 9)}-15`,
    verificationStatus: 'verified' as const,
  })),
}));
const draft: TDiseaseCatalog = {
  code: 'bench-local-2026',
  name: '本地扩展',
  kind: 'major',
  version: '2026',
  effectiveFrom: '2018-01-01',
  extends: NATIONAL_MAJOR_2020.code,
  regionCode: '130321000000',
  items: [{ code: 'liver-cirrhosis', name: '肝硬化', icdPatterns: ['K74'], ageRule: { minAge: 18 } }],
  status: 'published',
  publishedOn: '2026-12-06',
  publishedBy: 'bench',
};
const diagnoses = subjects.reduce((sum, s) => sum + s.diagnoses.length, 0);
const times: number[] = [];
let moves = 0;
for (let run = 0; run < runs; run++) {
  times.push(
    await timeMs(async () => {
      moves = previewReclassification(
        subjects,
        { catalogs: DISEASE_CATALOGS },
        { catalogs: [...DISEASE_CATALOGS, draft] },
      ).moves.length;
    }),
  );
}
const best = Math.min(...times);
report(
  'reclassify',
  [
    {
      name: `preview over ${persons} persons / ${diagnoses} diagnoses (best of ${runs})`,
      value: Math.round(best),
      unit: 'ms',
    },
    {
      name: 'diagnoses classified per second (two runs each)',
      value: Math.round((2 * diagnoses * 1000) / best),
      unit: '/s',
    },
    { name: 'moves found', value: moves, unit: 'diagnoses' },
  ],
  { persons, diagnoses, runs, timesMs: times.map(Math.round) },
);
