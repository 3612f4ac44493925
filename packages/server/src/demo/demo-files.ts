import { once } from 'node:events';
import fs from 'node:fs';
import {
  categoriesOnDate,
  EXIT_STATUS_LABELS,
  IMPORT_COLUMNS,
  type ImportColumnKey,
  type IsoDate,
  MONITORING_TYPE_LABELS,
  PERSON_STATUS_LABELS,
  POVERTY_ATTRIBUTE_LABELS,
  REGISTRY_CATEGORY_LABELS,
  RISK_STATUS_LABELS,
} from '@healthaid/domain';
import ExcelJS from 'exceljs';
import { csvField } from './bulk-copy.ts';
import type { DemoHousehold, DemoHouseholdBundle, DemoPerson } from './demo-population.ts';

/**
 * Writes a generated population as a person list in the registry import template's layout (人员名单: the
 * template's Chinese headers, one row per person, household columns repeated on each member's row), as CSV
 * (UTF-8 with BOM, so Excel opens it) or .xlsx (streamed). Categories are those valid on the as-of date; the
 * layout has one start date per row, so 类别开始日期 is the latest start among them (each category was held
 * since at least then).
 */

export type PersonListFormat = 'csv' | 'xlsx';

export function personListFormatOf(file: string): PersonListFormat {
  if (/\.csv$/i.test(file)) {
    return 'csv';
  }
  if (/\.xlsx$/i.test(file)) {
    return 'xlsx';
  }
  throw new Error(`输出文件“${file}”的扩展名应为 .csv 或 .xlsx`);
}

/** One row of the import template for a person of a household (values keyed by column). */
export function personListRow(
  household: DemoHousehold,
  person: DemoPerson,
  asOf: IsoDate,
): Record<ImportColumnKey, string> {
  const periods = person.categories.map((c) => ({
    category: c.category,
    validFrom: c.valid_from,
    validTo: c.valid_to,
  }));
  const current = categoriesOnDate(periods, asOf);
  const since = periods
    .filter((p) => current.includes(p.category))
    .reduce((latest, p) => (p.validFrom > latest ? p.validFrom : latest), '');
  return {
    idNumber: person.id_number,
    name: person.name,
    sex: person.sex === 'M' ? '男' : '女',
    birthDate: person.birth_date,
    householdNo: household.household_no,
    relation: person.relation,
    villageCode: person.village_code,
    address: household.address,
    phone: person.phone ?? '',
    categories: current.map((c) => REGISTRY_CATEGORY_LABELS[c]).join('、'),
    categoryFrom: since,
    isInsured: person.is_insured ? '是' : '否',
    hasPremiumSubsidy: person.has_premium_subsidy ? '是' : '否',
    disabilityCert: person.disability_cert ?? '',
    personStatus: PERSON_STATUS_LABELS[person.status],
    statusDate: person.status_date ?? '',
    povertyAttribute: household.poverty_attribute
      ? POVERTY_ATTRIBUTE_LABELS[household.poverty_attribute]
      : '',
    mainCause: household.main_cause,
    otherCauses: household.other_causes.join('、'),
    registeredYear: household.registered_year === null ? '' : String(household.registered_year),
    exitStatus: EXIT_STATUS_LABELS[household.exit_status],
    exitYear: household.exit_year === null ? '' : String(household.exit_year),
    monitoringType: household.monitoring_type ? MONITORING_TYPE_LABELS[household.monitoring_type] : '',
    riskStatus: household.risk_status ? RISK_STATUS_LABELS[household.risk_status] : '',
  };
}

const TEXT_COLUMNS = new Set<ImportColumnKey>([
  'idNumber',
  'householdNo',
  'villageCode',
  'phone',
  'disabilityCert',
]);

/** Streams households into a person-list file; returns the number of person rows written. */
export async function writePersonList(
  file: string,
  bundles: Iterable<DemoHouseholdBundle>,
  asOf: IsoDate,
  onProgress: (rows: number) => void = () => {},
): Promise<number> {
  const format = personListFormatOf(file);
  let rows = 0;
  if (format === 'csv') {
    const out = fs.createWriteStream(file, { encoding: 'utf8' });
    const write = async (text: string) => {
      if (!out.write(text)) {
        await once(out, 'drain');
      }
    };
    await write(`\uFEFF${IMPORT_COLUMNS.map((c) => csvField(c.header)).join(',')}\n`);
    for (const { household, persons } of bundles) {
      let chunk = '';
      for (const person of persons) {
        const row = personListRow(household, person, asOf);
        chunk += `${IMPORT_COLUMNS.map((c) => csvField(row[c.key])).join(',')}\n`;
        rows += 1;
      }
      await write(chunk);
      if (rows % 100_000 < persons.length) {
        onProgress(rows);
      }
    }
    out.end();
    await once(out, 'finish');
    return rows;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const sheet = workbook.addWorksheet('人员名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length * 2 + 4),
    style: TEXT_COLUMNS.has(c.key) ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const { household, persons } of bundles) {
    for (const person of persons) {
      sheet.addRow(personListRow(household, person, asOf)).commit();
      rows += 1;
    }
    if (rows % 100_000 < persons.length) {
      onProgress(rows);
    }
  }
  sheet.commit();
  await workbook.commit();
  return rows;
}
