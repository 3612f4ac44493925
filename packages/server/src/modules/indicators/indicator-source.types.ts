import type { IsoDate } from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * The contract between the indicator framework and the modules that supply figures. A module exports a
 * Map of catalogue code → IndicatorSource; indicator-sources.ts merges them. Kept apart from the registry
 * sources so modules can implement it without importing the framework (no import cycles).
 */

export type SourceQuery = {
  /** Village-code prefix of the region asked for (e.g. '130321' for a county). */
  prefix: string;
  /** The county, when the region is a county or below (lets the database prune to one county). */
  countyCode: string | null;
  from: IsoDate;
  to: IsoDate;
  /** Digits of the village code to group by (prefix length for a total, the child level's for children). */
  groupLength: number;
};

export type GroupFigures = { groupKey: string; numerator: number; denominator: number | null };

export type MemberPart = 'numerator' | 'denominator';

/** One record behind a figure, as listed in drill-down tables. */
export type MemberRow = {
  /**
   * 'problem': a supervision finding (问题清单) — name holds its number and description. 'institution': a medical
   * institution — name holds its name and code, id is its position in the list (institutions are keyed by code).
   */
  entityType: 'person' | 'household' | 'problem' | 'institution';
  id: number;
  countyCode: string;
  name: string;
  idNumber: string | null;
  householdNo: string | null;
  villageCode: string;
};

export type IndicatorSource = {
  figures(db: Kysely<DB>, q: SourceQuery): Promise<GroupFigures[]>;
  /** For figures read from the registry aggregates: their metrics, so a page can read many in one query. */
  statsMetrics?: { numerator: string; denominator: string | null };
  /** Members of a part, paged; total first. */
  members(
    db: Kysely<DB>,
    q: SourceQuery,
    part: MemberPart,
    page: { limit: number; offset: number },
  ): Promise<{ total: number; items: MemberRow[] }>;
};
