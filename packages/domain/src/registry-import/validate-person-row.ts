import { type IsoDate, parseLooseDate, yearOf } from '../calendar/index.ts';
import { parseCitizenId, parseDisabilityCertificate, type Sex } from '../citizen-id/index.ts';
import { normalizeRegionCode, regionLevelOf } from '../region-code/index.ts';
import {
  type ExitStatus,
  type MonitoringType,
  PERSON_STATUS_LABELS,
  type PersonStatus,
  type PovertyAttribute,
  type PovertyCause,
  type RegistryCategory,
  type RiskStatus,
} from '../registry/vocabulary.ts';
import { type ImportColumnKey, importColumnOf } from './import-columns.ts';
import {
  cellText,
  type ImportCell,
  normalizePhone,
  parseCategories,
  parseExitStatus,
  parseMonitoringType,
  parsePersonStatus,
  parsePovertyAttribute,
  parsePovertyCause,
  parseRelation,
  parseRiskStatus,
  parseSexWord,
  parseYesNo,
  splitMulti,
} from './parse-import-values.ts';

/** One problem of one spreadsheet row: the row number as the spreadsheet shows it, the column header. */
export type RowError = { rowNumber: number; column: string; message: string };

/** Household-level values of a row; a key is absent when the cell is empty (nothing to change). */
export type ImportedHousehold = {
  address?: string;
  povertyAttribute?: PovertyAttribute;
  mainCause?: PovertyCause;
  otherCauses?: PovertyCause[];
  registeredYear?: number;
  exitStatus?: ExitStatus;
  exitYear?: number;
  monitoringType?: MonitoringType;
  riskStatus?: RiskStatus;
};

/**
 * A valid row, normalised. Optional keys are absent when the cell is empty or the column missing:
 * an import never clears a stored value by leaving a cell blank.
 */
export type ImportedPerson = {
  rowNumber: number;
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: IsoDate;
  villageCode: string;
  householdNo?: string;
  relation?: string;
  phone?: string;
  categories?: RegistryCategory[];
  categoryFrom?: IsoDate;
  isInsured?: boolean;
  hasPremiumSubsidy?: boolean;
  disabilityCert?: string;
  status?: PersonStatus;
  statusDate?: IsoDate;
  household?: ImportedHousehold;
};

/** Why a village code cannot be used, or null when it is a known village within the importer's scope. */
export type VillageCheck = (villageCode: string) => string | null;

export type ValidatePersonRowInput = {
  rowNumber: number;
  cells: Readonly<Partial<Record<ImportColumnKey, ImportCell>>>;
  /** Headers as written in the file (for error messages); the template header otherwise. */
  headerOf: Readonly<Partial<Record<ImportColumnKey, string>>>;
  today: IsoDate;
  checkVillage: VillageCheck;
};

export type ValidatePersonRowResult = { ok: true; value: ImportedPerson } | { ok: false; errors: RowError[] };

const EARLIEST_YEAR = 1949;
const MAX_NAME_LENGTH = 50;

/** A code column typed as a number in Excel: safe only when no digits were lost. */
function codeText(cell: ImportCell | undefined): { text: string; lostPrecision: boolean } {
  if (typeof cell === 'number') {
    return { text: cellText(cell), lostPrecision: !Number.isSafeInteger(cell) };
  }
  return { text: cellText(cell), lostPrecision: false };
}

/** One row being validated: its cells, the file's headers and the errors found so far. */
class RowCheck {
  readonly errors: RowError[] = [];
  private readonly rowNumber: number;
  private readonly cells: Readonly<Partial<Record<ImportColumnKey, ImportCell>>>;
  private readonly headerOf: Readonly<Partial<Record<ImportColumnKey, string>>>;

  constructor(input: ValidatePersonRowInput) {
    this.rowNumber = input.rowNumber;
    this.cells = input.cells;
    this.headerOf = input.headerOf;
  }

  /** The header as written in the file, or the template's. */
  columnName(key: ImportColumnKey): string {
    return this.headerOf[key] ?? importColumnOf(key).header;
  }

  fail(key: ImportColumnKey, message: string): void {
    this.errors.push({ rowNumber: this.rowNumber, column: this.columnName(key), message });
  }

  text(key: ImportColumnKey): string {
    return cellText(this.cells[key]);
  }
}

/**
 * Validate and normalise one row of a person list. Checks every cell (all errors of the row are
 * reported, not only the first): ID number (length, characters, birth date, check character), sex and
 * birth date against the ID, required cells, enumerations, dates and years, the village (exists, is a
 * village, in scope: via checkVillage), and cross-field rules within the row.
 */
export function validatePersonRow(input: ValidatePersonRowInput): ValidatePersonRowResult {
  const { rowNumber, cells, today } = input;
  const row = new RowCheck(input);
  const { errors } = row;

  // ID number.
  let idNumber = '';
  let sex: Sex = 'M';
  let birthDate: IsoDate = '';
  const idCell = codeText(cells.idNumber);
  if (idCell.text === '') {
    row.fail('idNumber', '身份证号不能为空');
  } else if (idCell.lostPrecision) {
    row.fail(
      'idNumber',
      `身份证号被存成了数字（${idCell.text}），末几位已丢失，请将该列设为文本格式后重新填写`,
    );
  } else {
    const parsed = parseCitizenId(idCell.text, { today });
    if (parsed.ok) {
      ({ idNumber, sex, birthDate } = parsed.value);
    } else {
      row.fail('idNumber', parsed.message);
    }
  }
  const hasId = idNumber !== '';

  const name = row.text('name');
  if (name === '') {
    row.fail('name', '姓名不能为空');
  } else if (name.length > MAX_NAME_LENGTH) {
    row.fail('name', `姓名过长（${name.length}个字符，最多${MAX_NAME_LENGTH}个）`);
  } else if (/\d/u.test(name)) {
    row.fail('name', `姓名“${name}”不应包含数字`);
  }

  const sexText = row.text('sex');
  if (sexText !== '') {
    const given = parseSexWord(sexText);
    if (!given) {
      row.fail('sex', `性别“${sexText}”无效，应为男或女`);
    } else if (hasId && given !== sex) {
      row.fail('sex', `性别“${sexText}”与身份证号不符（身份证号显示为${sex === 'M' ? '男' : '女'}）`);
    }
  }
  const birthCell = cells.birthDate;
  if (cellText(birthCell) !== '') {
    const given = parseDate(birthCell);
    if (!given) {
      row.fail('birthDate', `出生日期“${cellText(birthCell)}”不是有效日期`);
    } else if (hasId && given !== birthDate) {
      row.fail('birthDate', `出生日期${given}与身份证号不符（身份证号显示为${birthDate}）`);
    }
  }

  // Village.
  let villageCode = '';
  const villageText = codeText(cells.villageCode).text.replace(/\s+/gu, '');
  if (villageText === '') {
    row.fail('villageCode', '村行政区划代码不能为空');
  } else {
    const code = villageCodeOf(villageText);
    if (!code) {
      row.fail('villageCode', `村行政区划代码“${villageText}”无效，应为12位统计用区划代码`);
    } else if (!isVillageLevel(code)) {
      row.fail('villageCode', `区划代码${code}不是村（社区）级代码`);
    } else {
      const problem = input.checkVillage(code);
      if (problem) {
        row.fail('villageCode', problem);
      } else {
        villageCode = code;
      }
    }
  }

  const person: Omit<
    ImportedPerson,
    'rowNumber' | 'idNumber' | 'name' | 'sex' | 'birthDate' | 'villageCode'
  > = {};

  const householdCell = codeText(cells.householdNo);
  if (householdCell.text !== '') {
    const householdNo = householdCell.text.replace(/\s+/gu, '');
    if (householdCell.lostPrecision) {
      row.fail(
        'householdNo',
        `户编号被存成了数字（${householdCell.text}），末几位已丢失，请将该列设为文本格式`,
      );
    } else if (!/^[0-9A-Za-z_-]{1,40}$/u.test(householdNo)) {
      row.fail('householdNo', `户编号“${householdNo}”无效，只能包含数字、字母、下划线和短横线（最多40位）`);
    } else {
      person.householdNo = householdNo;
    }
  }

  const relationText = row.text('relation');
  if (relationText !== '') {
    const relation = parseRelation(relationText);
    if (relation) {
      person.relation = relation;
    } else {
      row.fail(
        'relation',
        `与户主关系“${relationText}”无效，应为户主、配偶、之子、之女、之儿媳、之女婿、之孙子、之孙女、之父、之母、其他`,
      );
    }
  }

  const phoneText = row.text('phone');
  if (phoneText !== '') {
    const phone = normalizePhone(phoneText);
    if (phone) {
      person.phone = phone;
    } else {
      row.fail('phone', `联系电话“${phoneText}”无效，应为11位手机号或带区号的固定电话`);
    }
  }

  const categoriesText = row.text('categories');
  const categoryFromCell = cells.categoryFrom;
  if (categoriesText !== '') {
    const parsed = parseCategories(categoriesText);
    if (parsed.ok) {
      person.categories = parsed.value;
    } else {
      row.fail(
        'categories',
        `人员类别“${parsed.unknown}”无效，应为建档立卡贫困人口、脱贫人口、低保、特困供养、重度残疾、监测对象、低保边缘`,
      );
    }
    if (cellText(categoryFromCell) === '') {
      row.fail('categoryFrom', '填写了人员类别时，类别开始日期不能为空');
    }
  }
  if (cellText(categoryFromCell) !== '') {
    const from = parseDate(categoryFromCell);
    if (!from) {
      row.fail('categoryFrom', `类别开始日期“${cellText(categoryFromCell)}”不是有效日期`);
    } else if (from > today) {
      row.fail('categoryFrom', `类别开始日期${from}晚于今天（${today}）`);
    } else if (hasId && from < birthDate) {
      row.fail('categoryFrom', `类别开始日期${from}早于出生日期${birthDate}`);
    } else if (categoriesText === '') {
      row.fail('categories', '填写了类别开始日期时，人员类别不能为空');
    } else {
      person.categoryFrom = from;
    }
  }

  for (const key of ['isInsured', 'hasPremiumSubsidy'] as const) {
    const value = row.text(key);
    if (value !== '') {
      const parsed = parseYesNo(value);
      if (parsed === null) {
        row.fail(key, `${row.columnName(key)}“${value}”无效，应为“是”或“否”`);
      } else {
        person[key] = parsed;
      }
    }
  }

  const certText = row.text('disabilityCert');
  if (certText !== '') {
    const cert = parseDisabilityCertificate(certText, { today });
    if (!cert.ok) {
      row.fail('disabilityCert', cert.message);
    } else if (hasId && cert.value.idNumber !== idNumber) {
      row.fail('disabilityCert', '残疾证号前18位与本行身份证号不一致');
    } else {
      person.disabilityCert = cert.value.certificateNumber;
    }
  }

  const statusText = row.text('personStatus');
  if (statusText !== '') {
    const status = parsePersonStatus(statusText);
    if (status) {
      person.status = status;
    } else {
      row.fail('personStatus', `人员状态“${statusText}”无效，应为正常、死亡或迁出`);
    }
  }
  const statusDateCell = cells.statusDate;
  if (cellText(statusDateCell) !== '') {
    const date = parseDate(statusDateCell);
    if (!date) {
      row.fail('statusDate', `状态日期“${cellText(statusDateCell)}”不是有效日期`);
    } else if (date > today) {
      row.fail('statusDate', `状态日期${date}晚于今天（${today}）`);
    } else if (hasId && date < birthDate) {
      row.fail('statusDate', `状态日期${date}早于出生日期${birthDate}`);
    } else if (person.status === undefined || person.status === 'normal') {
      row.fail('statusDate', '只有人员状态为死亡或迁出时才填写状态日期');
    } else {
      person.statusDate = date;
    }
  } else if (person.status === 'dead' || person.status === 'moved_out') {
    row.fail('statusDate', `人员状态为${PERSON_STATUS_LABELS[person.status]}时，状态日期不能为空`);
  }

  const household = validateHouseholdCells(today, row);
  if (Object.keys(household).length > 0) {
    if (person.householdNo === undefined && householdCell.text === '') {
      const first = Object.keys(household)[0] as keyof ImportedHousehold;
      row.fail('householdNo', `填写了户信息（${row.columnName(first)}）时，户编号不能为空`);
    }
    person.household = household;
  }

  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return { ok: true, value: { rowNumber, idNumber, name, sex, birthDate, villageCode, ...person } };
}

function validateHouseholdCells(today: IsoDate, row: RowCheck): ImportedHousehold {
  const household: ImportedHousehold = {};
  const address = row.text('address');
  if (address !== '') {
    if (address.length > 200) {
      row.fail('address', '家庭住址过长（最多200个字符）');
    } else {
      household.address = address;
    }
  }
  const attribute = row.text('povertyAttribute');
  if (attribute !== '') {
    const value = parsePovertyAttribute(attribute);
    if (value) {
      household.povertyAttribute = value;
    } else {
      row.fail(
        'povertyAttribute',
        `贫困户属性“${attribute}”无效，应为一般贫困户、低保贫困户或特困供养贫困户`,
      );
    }
  }
  const causeHint =
    '应为因病、因残、因学、因灾、缺土地、缺水、缺技术、缺劳力、缺资金、交通条件落后、自身发展动力不足或其他';
  const mainCause = row.text('mainCause');
  if (mainCause !== '') {
    const value = parsePovertyCause(mainCause);
    if (value) {
      household.mainCause = value;
    } else {
      row.fail('mainCause', `主要致贫原因“${mainCause}”无效，${causeHint}`);
    }
  }
  const otherCauses = row.text('otherCauses');
  if (otherCauses !== '') {
    const values: PovertyCause[] = [];
    for (const word of splitMulti(otherCauses)) {
      const value = parsePovertyCause(word);
      if (!value) {
        row.fail('otherCauses', `其他致贫原因“${word}”无效，${causeHint}`);
        break;
      }
      if (!values.includes(value)) {
        values.push(value);
      }
    }
    if (values.length > 0) {
      household.otherCauses = values;
    }
  }
  const thisYear = yearOf(today);
  const registeredYear = parseYear(row, 'registeredYear', thisYear);
  if (registeredYear !== undefined) {
    household.registeredYear = registeredYear;
  }
  const exitText = row.text('exitStatus');
  if (exitText !== '') {
    const value = parseExitStatus(exitText);
    if (value) {
      household.exitStatus = value;
    } else {
      row.fail('exitStatus', `脱贫状态“${exitText}”无效，应为未脱贫或已脱贫`);
    }
  }
  const exitYear = parseYear(row, 'exitYear', thisYear);
  if (exitYear !== undefined) {
    if (household.exitStatus !== 'exited') {
      row.fail('exitYear', '只有脱贫状态为已脱贫时才填写脱贫年度');
    } else if (registeredYear !== undefined && exitYear < registeredYear) {
      row.fail('exitYear', `脱贫年度${exitYear}早于识别年度${registeredYear}`);
    } else {
      household.exitYear = exitYear;
    }
  }
  const monitoring = row.text('monitoringType');
  if (monitoring !== '') {
    const value = parseMonitoringType(monitoring);
    if (value) {
      household.monitoringType = value;
    } else {
      row.fail(
        'monitoringType',
        `监测类型“${monitoring}”无效，应为脱贫不稳定户、边缘易致贫户或突发严重困难户`,
      );
    }
  }
  const risk = row.text('riskStatus');
  if (risk !== '') {
    const value = parseRiskStatus(risk);
    if (!value) {
      row.fail('riskStatus', `风险状态“${risk}”无效，应为风险未消除或风险已消除`);
    } else if (monitoring === '') {
      row.fail('riskStatus', '填写了风险状态时，监测类型不能为空');
    } else {
      household.riskStatus = value;
    }
  } else if (monitoring !== '') {
    row.fail('riskStatus', '填写了监测类型时，风险状态不能为空');
  }
  return household;
}

function parseYear(row: RowCheck, key: 'registeredYear' | 'exitYear', thisYear: number): number | undefined {
  const raw = row.text(key).replace(/年$/u, '');
  if (raw === '') {
    return undefined;
  }
  const year = /^\d{4}$/u.test(raw) ? Number(raw) : Number.NaN;
  if (!(year >= EARLIEST_YEAR && year <= thisYear)) {
    row.fail(
      key,
      `${key === 'exitYear' ? '脱贫年度' : '识别年度'}“${raw}”无效，应为${EARLIEST_YEAR}–${thisYear}之间的四位年份`,
    );
    return undefined;
  }
  return year;
}

/**
 * Results of the pure parsers for the few distinct texts a list repeats (its villages, its dates): a 200k-row
 * file has a few hundred. Bounded: cleared when full.
 */
function memoize<T>(parse: (text: string) => T, limit = 10_000): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined && !known.has(text)) {
      value = parse(text);
      if (known.size >= limit) {
        known.clear();
      }
      known.set(text, value);
    }
    return value as T;
  };
}

const villageCodeOf = memoize((text: string) => (/^\d{12}$/u.test(text) ? normalizeRegionCode(text) : null));
const isVillageLevel = memoize((code: string) => regionLevelOf(code) === 'village');
const parseDateText = memoize(parseLooseDate);

/**
 * Dates as text, as Excel serial numbers, or as 'YYYY-MM-DD' (Excel date cells converted by the reader).
 * Results are canonical 'YYYY-MM-DD' strings, which compare in calendar order as plain strings.
 */
function parseDate(cell: ImportCell | undefined): IsoDate | null {
  if (cell === null || cell === undefined || typeof cell === 'boolean') {
    return null;
  }
  if (typeof cell === 'number') {
    // 20240305 typed as a number is a date in digits, not a serial day.
    return cell >= 19_000_101 && cell <= 29_991_231 ? parseDateText(String(cell)) : parseLooseDate(cell);
  }
  return parseDateText(cell);
}
