import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type {
  GroupFigures,
  IndicatorSource,
  MemberPart,
  MemberRow,
  SourceQuery,
} from '../indicators/indicator-source.types.ts';
import type { IndicatorCode } from './chronic.schema.ts';
import type { ChronicScope } from './chronic-data-scope.ts';
import { computeIndicatorParts } from './indicators.service.ts';
import { countSigningByGroup } from './signing.repository.ts';

/**
 * Family-doctor and chronic-disease figures for the indicator catalogue, from the same computation as
 * /chronic/indicators (so both pages always agree). Members are persons, grouped by village. The figures of
 * 签约人数 and 签约率 come from one SQL query (signing.repository.ts, the same persons as the in-memory `signing`
 * part, which their members still list), cheap enough for the 驾驶舱.
 */

/** The plain region scope of a catalogue query. */
export function scopeOfSourceQuery(q: SourceQuery): ChronicScope {
  return { villagePrefix: q.prefix, countyCode: q.countyCode, institutionCode: null, villageCodes: null };
}

/**
 * One computation yields every chronic indicator; a page showing several (the dashboard) shares it for a
 * few seconds instead of recomputing per indicator. Keyed by database, so tests never share results.
 */
const SHARE_MS = 3000;
type SharedParts = { expires: number; parts: ReturnType<typeof computeIndicatorParts> };
const shared = new WeakMap<Kysely<DB>, Map<string, SharedParts>>();

async function partsFor(db: Kysely<DB>, q: SourceQuery, code: IndicatorCode) {
  const key = `${q.prefix}|${q.countyCode ?? ''}|${q.from}|${q.to}`;
  const now = Date.now();
  const byKey = shared.get(db) ?? new Map<string, SharedParts>();
  shared.set(db, byKey);
  let entry = byKey.get(key);
  if (!entry || entry.expires < now) {
    const regionCode = q.prefix.padEnd(12, '0');
    entry = {
      expires: now + SHARE_MS,
      parts: computeIndicatorParts(db, { regionCode, scope: scopeOfSourceQuery(q) }, q.from, q.to),
    };
    byKey.set(key, entry);
    entry.parts.catch(() => {
      byKey.delete(key);
    });
  }
  return (await entry.parts)[code];
}

function source(code: IndicatorCode, kind: 'count' | 'ratio'): IndicatorSource {
  return {
    async figures(db, q): Promise<GroupFigures[]> {
      if (code === 'signing') {
        const groups = await countSigningByGroup(db, scopeOfSourceQuery(q), q, q.groupLength);
        return groups.map((g) => ({
          groupKey: g.groupKey,
          numerator: g.signed,
          denominator: kind === 'ratio' ? g.keyPersons : null,
        }));
      }
      const parts = await partsFor(db, q, code);
      const groups = new Map<string, GroupFigures>();
      const group = (villageCode: string) => {
        const key = villageCode.slice(0, q.groupLength);
        const g = groups.get(key) ?? {
          groupKey: key,
          numerator: 0,
          denominator: kind === 'ratio' ? 0 : null,
        };
        groups.set(key, g);
        return g;
      };
      for (const m of parts.numerator) {
        group(m.villageCode).numerator++;
      }
      if (kind === 'ratio') {
        for (const m of parts.denominator ?? []) {
          const g = group(m.villageCode);
          g.denominator = (g.denominator ?? 0) + 1;
        }
      }
      return [...groups.values()].sort((a, b) => a.groupKey.localeCompare(b.groupKey));
    },
    async members(db, q, part: MemberPart, page) {
      const parts = await partsFor(db, q, code);
      const list = (part === 'numerator' ? parts.numerator : (parts.denominator ?? [])).sort(
        (a, b) => a.villageCode.localeCompare(b.villageCode) || a.personId - b.personId,
      );
      const slice = list.slice(page.offset, page.offset + page.limit);
      const persons =
        slice.length === 0
          ? []
          : await db
              .selectFrom('person')
              .select(['id', 'county_code', 'name', 'id_number'])
              .where(
                'id',
                'in',
                slice.map((m) => m.personId),
              )
              .execute();
      const byKey = new Map(persons.map((p) => [`${p.county_code}|${p.id}`, p]));
      return {
        total: list.length,
        items: slice.map((m): MemberRow => {
          const p = byKey.get(`${m.countyCode}|${m.personId}`);
          return {
            entityType: 'person',
            id: m.personId,
            countyCode: m.countyCode,
            name: p?.name ?? '',
            idNumber: p?.id_number ?? null,
            householdNo: null,
            villageCode: m.villageCode,
          };
        }),
      };
    },
  };
}

export const CHRONIC_INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map([
  ['contracted_persons', source('signing', 'count')],
  ['contract_rate', source('signing', 'ratio')],
  ['fulfilment_rate', source('fulfilment', 'ratio')],
  ['renewal_rate', source('renewal', 'ratio')],
  ['chronic_managed_persons', source('managed', 'count')],
  ['standard_management_rate', source('standard_management', 'ratio')],
  ['bp_control_rate', source('bp_control', 'ratio')],
  ['glucose_control_rate', source('glucose_control', 'ratio')],
  ['smi_standard_management_rate', source('mental_standard', 'ratio')],
]);
