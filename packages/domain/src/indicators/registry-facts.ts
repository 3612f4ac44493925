import { addDays, type IsoDate } from '../calendar/iso-date.ts';

/**
 * Registry figures as incremental aggregates. A household's facts are turned into +1 / −1 events on the
 * days a person or household enters or leaves a counted population; the server keeps per-village sums of
 * these events, so "how many on date D" is a sum over a few rows instead of a scan of every person, and a
 * write only recomputes the events of the household it touched.
 *
 * A person counts on D when alive and present on D (status normal, or D before the status date) and holds
 * one of the metric's categories on D (valid_from ≤ D ≤ valid_to). A household counts when any member does.
 */

export type FactCategory = { category: string; validFrom: IsoDate; validTo: IsoDate | null };
export type FactPerson = {
  status: 'normal' | 'dead' | 'moved_out';
  statusDate: IsoDate | null;
  categories: readonly FactCategory[];
};
export type FactHousehold = {
  /** false for a person registered without a household: person metrics only. */
  isHousehold: boolean;
  mainCause: string | null;
  persons: readonly FactPerson[];
};
export type FactEvent = { metric: string; day: IsoDate; delta: number };

export const ILLNESS_MAIN_CAUSE = '因病';
export const POOR_CATEGORY_CODES: readonly string[] = ['poor_registered', 'poverty_exited'];
export const REGISTRY_CATEGORY_CODES: readonly string[] = [
  'poor_registered',
  'poverty_exited',
  'dibao',
  'tekun',
  'severe_disability',
  'monitored',
  'dibao_edge',
];

/** Metric names kept in the aggregate table. */
export const REGISTRY_METRICS = {
  poorPersons: 'poor_persons',
  poorHouseholds: 'poor_households',
  illnessPoorPersons: 'illness_poor_persons',
  illnessPoorHouseholds: 'illness_poor_households',
  monitoredPersons: 'monitored_persons',
  monitoredHouseholds: 'monitored_households',
  /** `category:<code>`: persons holding that category. */
  categoryPrefix: 'category:',
  /** `cause:<main cause>`: poor households by main poverty cause. */
  causePrefix: 'cause:',
} as const;

/** Half-open day interval [start, end); end null = still open. */
type Interval = { start: IsoDate; end: IsoDate | null };

function union(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && (last.end === null || interval.start <= last.end)) {
      if (last.end !== null && (interval.end === null || interval.end > last.end)) {
        last.end = interval.end;
      }
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

/** The days a person is counted for a set of categories. */
function personIntervals(person: FactPerson, categories: readonly string[]): Interval[] {
  if (person.status !== 'normal' && person.statusDate === null) {
    return [];
  }
  const presentUntil = person.status === 'normal' ? null : person.statusDate;
  const held = person.categories
    .filter((c) => categories.includes(c.category) && (c.validTo === null || c.validTo >= c.validFrom))
    .map((c) => ({ start: c.validFrom, end: c.validTo === null ? null : addDays(c.validTo, 1) }));
  return union(held)
    .map((i) => ({
      start: i.start,
      end: presentUntil === null ? i.end : i.end === null || i.end > presentUntil ? presentUntil : i.end,
    }))
    .filter((i) => i.end === null || i.end > i.start);
}

function pushEvents(events: FactEvent[], metric: string, intervals: Interval[]): void {
  for (const i of intervals) {
    events.push({ metric, day: i.start, delta: 1 });
    if (i.end !== null) {
      events.push({ metric, day: i.end, delta: -1 });
    }
  }
}

/** Events of one household (or lone person), merged per metric and day, zero sums dropped, sorted. */
export function householdFactEvents(household: FactHousehold): FactEvent[] {
  const raw: FactEvent[] = [];
  const isIllness = household.mainCause === ILLNESS_MAIN_CAUSE;
  const poorByPerson = household.persons.map((p) => personIntervals(p, POOR_CATEGORY_CODES));
  const monitoredByPerson = household.persons.map((p) => personIntervals(p, ['monitored']));
  for (const intervals of poorByPerson) {
    pushEvents(raw, REGISTRY_METRICS.poorPersons, intervals);
    if (isIllness) {
      pushEvents(raw, REGISTRY_METRICS.illnessPoorPersons, intervals);
    }
  }
  for (const intervals of monitoredByPerson) {
    pushEvents(raw, REGISTRY_METRICS.monitoredPersons, intervals);
  }
  for (const person of household.persons) {
    for (const category of REGISTRY_CATEGORY_CODES) {
      pushEvents(raw, `${REGISTRY_METRICS.categoryPrefix}${category}`, personIntervals(person, [category]));
    }
  }
  if (household.isHousehold) {
    const poorHousehold = union(poorByPerson.flat());
    pushEvents(raw, REGISTRY_METRICS.poorHouseholds, poorHousehold);
    pushEvents(raw, `${REGISTRY_METRICS.causePrefix}${household.mainCause ?? ''}`, poorHousehold);
    if (isIllness) {
      pushEvents(raw, REGISTRY_METRICS.illnessPoorHouseholds, poorHousehold);
    }
    pushEvents(raw, REGISTRY_METRICS.monitoredHouseholds, union(monitoredByPerson.flat()));
  }
  const sums = new Map<string, FactEvent>();
  for (const e of raw) {
    const key = `${e.metric}\u0000${e.day}`;
    const existing = sums.get(key);
    if (existing) {
      existing.delta += e.delta;
    } else {
      sums.set(key, { ...e });
    }
  }
  return [...sums.values()]
    .filter((e) => e.delta !== 0)
    .sort((a, b) =>
      a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0,
    );
}

/** Sum of the events up to and including day D per metric: the counts on D. */
export function countsOn(events: readonly FactEvent[], day: IsoDate): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.day <= day) {
      counts.set(e.metric, (counts.get(e.metric) ?? 0) + e.delta);
    }
  }
  return counts;
}
