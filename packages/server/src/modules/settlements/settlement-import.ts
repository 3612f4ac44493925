import {
  CLAIM_IMPORT_COLUMNS,
  type ClaimImportError,
  type ClaimImportRow,
  chinaDateOf,
  claimImportColumnOf,
  matchClaimHeader,
  parseCitizenId,
  parseClaimRow,
  SettlementError,
} from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { insertAuditEvent } from '../audit/audit.repository.ts';
import { detectFileFormat, ImportFileError, readSheetRows } from '../imports/import-file-reader.ts';

import {
  bookNewClaim,
  claimAtInstitution,
  hashOf,
  PolicyResolver,
  resolveInstitution,
  resolveInsured,
  type SettlementContext,
} from './settlement-booking.ts';

/**
 * Claim import (结算单据导入) from HIS / insurance exports (.xlsx or .csv, UTF-8 or GBK), for the caller's
 * institution. The file's rows are checked cell by cell first (row, column, reason); then every claim is settled in
 * discharge-date order inside ONE transaction — any row that cannot be settled (unknown policy period, amounts that
 * do not add up, a claim number already settled with other content …) rolls the whole file back, and the answer
 * lists every such row. A preview (dryRun) runs the same transaction and rolls it back, so it shows exactly what a
 * commit would book. A file already imported (same checksum, same institution) is answered from the record of that
 * import without writing; a row whose claim was already settled with the same content counts as unchanged.
 */
export const MAX_CLAIM_IMPORT_ROWS = 20_000;
const PREVIEW_ROWS = 200;

export async function buildClaimTemplate(): Promise<Buffer> {
  return buildXlsx(
    '结算单据',
    CLAIM_IMPORT_COLUMNS.map((c) => ({
      header: c.header,
      value: (r: Record<string, string>) => r[c.key] ?? '',
      width: 18,
    })),
    [Object.fromEntries(CLAIM_IMPORT_COLUMNS.map((c) => [c.key, c.example]))],
  );
}

export type ClaimImportOutcome = {
  status: 'preview' | 'committed' | 'already_committed' | 'invalid';
  importId: number | null;
  fileName: string;
  rowCount: number;
  settledCount: number;
  unchangedCount: number;
  totalFen: number;
  patientPaysFen: number;
  errors: ClaimImportError[];
  rows: {
    rowNumber: number;
    claimNo: string;
    settlementId: number | null;
    isNew: boolean;
    isInRegistry: boolean;
    totalFen: number;
    patientPaysFen: number;
  }[];
};

class Rollback extends Error {}

async function readClaimRows(
  filePath: string,
  fileName: string,
): Promise<{ rows: ClaimImportRow[]; errors: ClaimImportError[] }> {
  let format: ReturnType<typeof detectFileFormat>;
  try {
    format = detectFileFormat(filePath, fileName);
  } catch (error) {
    throw error instanceof ImportFileError ? new AppError('VALIDATION_FAILED', error.message) : error;
  }
  const rows: ClaimImportRow[] = [];
  const errors: ClaimImportError[] = [];
  let index: Parameters<typeof parseClaimRow>[2] | null = null;
  const seen = new Map<string, number>();
  const today = chinaDateOf(new Date());
  try {
    for await (const sheetRow of readSheetRows(filePath, format.format, format.encoding)) {
      if (sheetRow.cells.every((c) => c === null || String(c).trim() === '')) {
        continue;
      }
      if (index === null) {
        const header = matchClaimHeader(sheetRow.cells);
        if (!header.ok) {
          return { rows: [], errors: header.errors.map((e) => ({ ...e, rowNumber: sheetRow.rowNumber })) };
        }
        index = header.index;
        continue;
      }
      if (rows.length + errors.length >= MAX_CLAIM_IMPORT_ROWS) {
        throw new AppError(
          'VALIDATION_FAILED',
          `文件超过 ${MAX_CLAIM_IMPORT_ROWS.toLocaleString('en')} 行结算单据，请按月份拆分后分批导入`,
        );
      }
      const parsed = parseClaimRow(sheetRow.rowNumber, sheetRow.cells, index);
      if (!parsed.ok) {
        errors.push(...parsed.errors);
        continue;
      }
      const id = parseCitizenId(parsed.row.idNumber, { today });
      if (!id.ok) {
        errors.push({
          rowNumber: sheetRow.rowNumber,
          column: '身份证号',
          message: `“${parsed.row.idNumber}”无效：${id.message}`,
        });
        continue;
      }
      const first = seen.get(parsed.row.claim.claimId);
      if (first !== undefined) {
        errors.push({
          rowNumber: sheetRow.rowNumber,
          column: '结算单号',
          message: `结算单号“${parsed.row.claim.claimId}”与第 ${first} 行重复`,
        });
        continue;
      }
      seen.set(parsed.row.claim.claimId, sheetRow.rowNumber);
      rows.push({ ...parsed.row, idNumber: id.value.idNumber });
    }
  } catch (error) {
    throw error instanceof ImportFileError ? new AppError('VALIDATION_FAILED', error.message) : error;
  }
  if (index === null) {
    errors.push({ rowNumber: 1, column: '', message: '文件中没有表头和数据行，请使用导入模板填写' });
  } else if (rows.length === 0 && errors.length === 0) {
    errors.push({ rowNumber: 2, column: '', message: '文件中没有结算单据数据行' });
  }
  return { rows, errors };
}

export async function importClaims(
  db: Kysely<DB>,
  ctx: SettlementContext,
  file: { filePath: string; fileName: string; checksum: string },
  options: { dryRun: boolean },
): Promise<ClaimImportOutcome> {
  const institution = await resolveInstitution(db, ctx.actor, undefined);
  const base = {
    importId: null,
    fileName: file.fileName,
    rowCount: 0,
    settledCount: 0,
    unchangedCount: 0,
    totalFen: 0,
    patientPaysFen: 0,
    errors: [] as ClaimImportError[],
    rows: [] as ClaimImportOutcome['rows'],
  };
  const previous = await db
    .selectFrom('settlement_import')
    .selectAll()
    .where('county_code', '=', institution.countyCode)
    .where('institution_code', '=', institution.code)
    .where('checksum', '=', file.checksum)
    .executeTakeFirst();
  if (previous) {
    return {
      ...base,
      status: 'already_committed',
      importId: previous.id,
      fileName: previous.file_name,
      rowCount: previous.row_count,
      settledCount: previous.settled_count,
      unchangedCount: previous.unchanged_count,
      totalFen: previous.total_fen,
      patientPaysFen: previous.patient_pays_fen,
    };
  }
  const { rows, errors } = await readClaimRows(file.filePath, file.fileName);
  if (errors.length > 0) {
    if (options.dryRun) {
      return { ...base, status: 'invalid', rowCount: rows.length + errors.length, errors };
    }
    throw invalidFile(errors);
  }
  const ordered = [...rows].sort((a, b) =>
    a.claim.dischargeDate < b.claim.dischargeDate
      ? -1
      : a.claim.dischargeDate > b.claim.dischargeDate
        ? 1
        : a.rowNumber - b.rowNumber,
  );
  const outcome: ClaimImportOutcome = {
    ...base,
    status: options.dryRun ? 'preview' : 'committed',
    rowCount: rows.length,
  };
  const settlementIds: number[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      const policies = new PolicyResolver(trx);
      for (const row of ordered) {
        try {
          const claim = { ...claimAtInstitution(row.claim, institution), claimId: row.claim.claimId.trim() };
          const id = parseCitizenId(row.idNumber, { today: chinaDateOf(new Date()) });
          if (!id.ok) {
            throw new AppError('VALIDATION_FAILED', id.message, { field: 'idNumber' });
          }
          const insured = await resolveInsured(
            trx,
            ctx.actor,
            { idNumber: id.value.idNumber, birthDate: id.value.birthDate, sex: id.value.sex },
            institution,
            row.name,
          );
          const requestHash = hashOf({
            idNumber: id.value.idNumber,
            institutionCode: institution.code,
            claim,
            patientName: row.name,
          });
          const booked = await bookNewClaim(
            trx,
            ctx,
            { insured, institution, claim, requestHash, source: 'import' },
            policies,
          );
          const figures = await trx
            .selectFrom('settlement')
            .select(['id', 'total_fen', 'self_pay_fen'])
            .where('county_code', '=', insured.ref.countyCode)
            .where('id', '=', booked.settlementId as number)
            .executeTakeFirstOrThrow();
          settlementIds.push(figures.id);
          outcome.totalFen += figures.total_fen;
          outcome.patientPaysFen += figures.self_pay_fen;
          if (booked.created) {
            outcome.settledCount += 1;
          } else {
            outcome.unchangedCount += 1;
          }
          if (outcome.rows.length < PREVIEW_ROWS) {
            outcome.rows.push({
              rowNumber: row.rowNumber,
              claimNo: claim.claimId,
              settlementId: options.dryRun ? null : figures.id,
              isNew: booked.created,
              isInRegistry: insured.isInRegistry,
              totalFen: figures.total_fen,
              patientPaysFen: figures.self_pay_fen,
            });
          }
        } catch (error) {
          if (error instanceof AppError || error instanceof SettlementError) {
            const field =
              error instanceof AppError
                ? ((error.details as { field?: string } | undefined)?.field ?? '')
                : error.field;
            outcome.errors.push({
              rowNumber: row.rowNumber,
              column: claimImportColumnOf(field),
              message: error.message,
            });
            continue;
          }
          throw error;
        }
      }
      if (outcome.errors.length > 0 || options.dryRun) {
        throw new Rollback();
      }
      const record = await trx
        .insertInto('settlement_import')
        .values({
          county_code: institution.countyCode,
          institution_code: institution.code,
          file_name: file.fileName,
          checksum: file.checksum,
          row_count: outcome.rowCount,
          settled_count: outcome.settledCount,
          unchanged_count: outcome.unchangedCount,
          total_fen: outcome.totalFen,
          patient_pays_fen: outcome.patientPaysFen,
          settlement_ids: JSON.stringify(settlementIds),
          created_by: ctx.actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      outcome.importId = record.id;
      await insertAuditEvent(trx, {
        ...ctx.audit,
        action: 'settlement.imported',
        entityType: 'settlement_import',
        entityId: record.id,
        regionCode: institution.regionCode,
        result: 'success',
        detail: {
          fileName: file.fileName,
          checksum: file.checksum,
          rows: outcome.rowCount,
          settled: outcome.settledCount,
          unchanged: outcome.unchangedCount,
        },
      });
    });
  } catch (error) {
    if (!(error instanceof Rollback)) {
      throw error;
    }
  }
  outcome.errors.sort((a, b) => a.rowNumber - b.rowNumber);
  if (outcome.errors.length > 0) {
    if (options.dryRun) {
      return { ...outcome, status: 'invalid', settledCount: 0, unchangedCount: 0 };
    }
    throw invalidFile(outcome.errors);
  }
  return outcome;
}

function invalidFile(errors: ClaimImportError[]): AppError {
  const first = errors
    .slice(0, 3)
    .map((e) => `第 ${e.rowNumber} 行${e.column ? `“${e.column}”` : ''}：${e.message}`)
    .join('；');
  return new AppError(
    'VALIDATION_FAILED',
    `导入文件有 ${errors.length} 处错误，未导入任何结算单据：${first}`,
    { errors },
  );
}
