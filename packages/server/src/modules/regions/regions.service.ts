import { isRegionWithin, normalizeRegionCode } from '@healthaid/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB, RegionRow } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import type { Actor } from '../auth/actor.ts';
import { findChildRegions, findRegionByCode, findRegionsByCodes } from './regions.repository.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type RegionSummary = { code: string; name: string; level: RegionRow['level'] };

/** Parses a region code from a request (2–12 digits) into the 12-digit form, or fails with 400. */
export function parseRegionCodeParam(raw: string): string {
  const code = normalizeRegionCode(raw);
  if (!code) {
    throw new AppError(
      'VALIDATION_FAILED',
      `行政区划代码“${raw.slice(0, 20)}”格式不正确，应为2、4、6、9或12位数字`,
    );
  }
  return code;
}

export async function getRegionOrFail(db: Db, code: string): Promise<RegionRow> {
  const region = await findRegionByCode(db, code);
  if (!region) {
    throw new AppError('REGION_NOT_FOUND', `行政区划“${code}”不存在`);
  }
  return region;
}

/** The region must exist and lie within the caller's scope (404 / 403 otherwise). */
export async function getRegionInScope(db: Db, actor: Actor, code: string): Promise<RegionRow> {
  const region = await getRegionOrFail(db, code);
  if (!isRegionWithin(region.code, actor.regionCode)) {
    throw new AppError('OUT_OF_SCOPE', `行政区划“${region.name}”不在您的管辖范围内`);
  }
  return region;
}

/** Ancestors of a region following parent links, root first, ending with the region itself. */
export async function regionPath(db: Db, region: RegionRow): Promise<RegionSummary[]> {
  const path: RegionRow[] = [region];
  let parentCode = region.parent_code;
  // At most 4 ancestors; one query per level keeps it simple and index-only.
  while (parentCode) {
    const [parent] = await findRegionsByCodes(db, [parentCode]);
    if (!parent) {
      break;
    }
    path.unshift(parent);
    parentCode = parent.parent_code;
  }
  return path.map(({ code, name, level }) => ({ code, name, level }));
}

/** The path shown to a caller starts at the caller's own scope region. */
export async function scopedRegionPath(db: Db, actor: Actor, region: RegionRow): Promise<RegionSummary[]> {
  const path = await regionPath(db, region);
  const start = path.findIndex((r) => r.code === actor.regionCode);
  return start >= 0 ? path.slice(start) : path;
}

export async function listChildRegions(db: Db, actor: Actor, code: string) {
  const parent = await getRegionInScope(db, actor, code);
  const rows = await findChildRegions(db, parent.code);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    hasChildren: Boolean(r.has_children),
  }));
}
