/**
 * Compare two classification runs (e.g. before and after publishing a catalogue version) for the
 * "re-classification diff before apply" screen.
 */
import type { DiseaseLine, TDiseaseClassification } from './classify-person-diseases.ts';

type Classified = Pick<TDiseaseClassification, 'personId' | 'diagnosisId' | 'line'>;

/** `from` null: the diagnosis is new in `after`; `to` null: it is no longer classified. */
export type TClassificationMove = {
  personId: string;
  diagnosisId: string;
  from: DiseaseLine | null;
  to: DiseaseLine | null;
};

export type TClassificationMoveCount = { from: DiseaseLine | null; to: DiseaseLine | null; count: number };

export type TClassificationDiff = {
  /** Diagnoses whose line changed, sorted by person then diagnosis. */
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
    moves.push({ personId, diagnosisId, from, to });
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
