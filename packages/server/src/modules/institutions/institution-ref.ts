import type { InstitutionLevel } from '@healthaid/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';

export type InstitutionRef = {
  code: string;
  name: string;
  level: InstitutionLevel;
  regionCode: string;
  /** Disease-catalogue item codes it is a designated hospital (定点医院) for. */
  designatedDiseases: string[];
};

/**
 * The institution a code names, for every module that stores an institution code (accounts of hospital
 * clerks, settlements, designated hospitals, referrals): the medical_institution table is the single source.
 * Unknown or inactive codes are refused with a Chinese message naming `what` (the field).
 */
export async function requireActiveInstitution(
  db: Kysely<DB> | Transaction<DB>,
  code: string,
  what = '医疗机构编码',
): Promise<InstitutionRef> {
  const row = await db
    .selectFrom('medical_institution')
    .select(['code', 'name', 'level', 'region_code', 'active', 'designated_disease_codes'])
    .where('code', '=', code.trim())
    .executeTakeFirst();
  if (!row) {
    throw new AppError('VALIDATION_FAILED', `${what}“${code}”不存在：请先在“医疗机构”中登记该机构`);
  }
  if (!row.active) {
    throw new AppError('VALIDATION_FAILED', `${what}“${code}”对应的机构“${row.name}”已停用`);
  }
  return {
    code: row.code,
    name: row.name,
    level: row.level as InstitutionLevel,
    regionCode: row.region_code,
    designatedDiseases: row.designated_disease_codes ?? [],
  };
}

/** Names of the institutions with these codes (one query; codes no institution has are absent from the map). */
export async function institutionNames(
  db: Kysely<DB> | Transaction<DB>,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('medical_institution')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
