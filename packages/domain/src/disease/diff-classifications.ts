/**
 * Compare two classification runs (e.g. before and after publishing a catalogue version) for the
 * "re-classification diff before apply" screen.
 */
import type { IsoDate } from '../calendar/iso-date.ts';
import type { TDiseaseCatalog } from './catalog.schema.ts';
import {
  classifyPersonDiseases,
  type DiseaseLine,
  type TClassifyPersonInput,
  type TDiseaseClassification,
} from './classify-person-diseases.ts';

type Classified = Pick<TDiseaseClassification, 'personId' | 'diagnosisId' | 'line'> &
  Partial<Pick<TDiseaseClassification, 'itemName' | 'reason'>>;

/**
 * `from` null: the diagnosis is new in `after`; `to` null: it is no longer classified (e.g. it was
 * re-verified as 核准不患病). Item names and the new reason are copied when the inputs carry them.
 */
export type TClassificationMove = {
  personId: string;
  diagnosisId: string;
  from: DiseaseLine | null;
  to: DiseaseLine | null;
  fromItemName: string | null;
  toItemName: string | null;
  /** The reason of the `after` classification (the `before` one when `to` is null). */
  reason: string | null;
};

export type TClassificationMoveCount = { from: DiseaseLine | null; to: DiseaseLine | null; count: number };

export type TClassificationDiff = {
  /** Diagnoses whose line changed, sorted by person then diagnosis. A change of item within a line is not a move. */
  moves: TClassificationMove[];
  /** Moves grouped by (from, to), largest group first. */
  counts: TClassificationMoveCount[];
  unchangedCount: number;
};

function keyOf(entry: Pick<Classified, 'personId' | 'diagnosisId'>): string {
  return JSON.stringify([entry.personId, entry.diagnosisId]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compare a run `before` with a run `after`, keyed by (personId, diagnosisId). Pure; inputs unchanged. */
export function diffClassifications(
  before: readonly Classified[],
  after: readonly Classified[],
): TClassificationDiff {
  const beforeByKey = new Map(before.map((entry) => [keyOf(entry), entry]));
  const afterByKey = new Map(after.map((entry) => [keyOf(entry), entry]));
  const keys = new Set([...beforeByKey.keys(), ...afterByKey.keys()]);
  const moves: TClassificationMove[] = [];
  let unchangedCount = 0;
  for (const key of keys) {
    const was = beforeByKey.get(key);
    const now = afterByKey.get(key);
    const from = was?.line ?? null;
    const to = now?.line ?? null;
    if (from === to) {
      unchangedCount += 1;
      continue;
    }
    const { personId, diagnosisId } = (now ?? was) as Classified;
    moves.push({
      personId,
      diagnosisId,
      from,
      to,
      fromItemName: was?.itemName ?? null,
      toItemName: now?.itemName ?? null,
      reason: (now ?? was)?.reason ?? null,
    });
  }
  moves.sort((a, b) => compareText(a.personId, b.personId) || compareText(a.diagnosisId, b.diagnosisId));
  const groups = new Map<string, TClassificationMoveCount>();
  for (const move of moves) {
    const groupKey = JSON.stringify([move.from, move.to]);
    const group = groups.get(groupKey) ?? { from: move.from, to: move.to, count: 0 };
    group.count += 1;
    groups.set(groupKey, group);
  }
  const counts = [...groups.values()].sort(
    (a, b) =>
      b.count - a.count ||
      compareText(String(a.from), String(b.from)) ||
      compareText(String(a.to), String(b.to)),
  );
  return { moves, counts, unchangedCount };
}

/** A person to re-classify: everything classifyPersonDiseases needs except the catalogue set. */
export type TReclassificationSubject = Omit<TClassifyPersonInput, 'catalogs' | 'asOf'>;

/** A catalogue set and the date whose versions apply (e.g. the new version's effectiveFrom). */
export type TClassificationBasis = { catalogs: readonly TDiseaseCatalog[]; asOf?: IsoDate };

/**
 * Classify every subject under `before` and under `after` and diff the two runs: the screen shown
 * before a new catalogue version (or a draft, added to `after.catalogs`) is applied.
 */
export function previewReclassification(
  subjects: readonly TReclassificationSubject[],
  before: TClassificationBasis,
  after: TClassificationBasis,
): TClassificationDiff {
  const run = (basis: TClassificationBasis) =>
    subjects.flatMap((subject) =>
      classifyPersonDiseases({
        ...subject,
        catalogs: basis.catalogs,
        ...(basis.asOf === undefined ? {} : { asOf: basis.asOf }),
      }),
    );
  return diffClassifications(run(before), run(after));
}
