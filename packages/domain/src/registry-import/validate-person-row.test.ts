import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/index.ts';
import { buildCitizenId } from '../citizen-id/index.ts';
import type { PovertyCause } from '../registry/vocabulary.ts';
import { createFileChecker, findDuplicateIdRows } from './cross-row-checks.ts';
import type { ImportColumnKey } from './import-columns.ts';
import type { ImportCell } from './parse-import-values.ts';
import { type ImportedPerson, validatePersonRow } from './validate-person-row.ts';

const TODAY = '2026-11-23';
const VILLAGE = '130321100201';
const ID_M = buildCitizenId({ addressCode: '130321', birthDate: '1980-01-01', sequence: 11 });
const ID_F = buildCitizenId({ addressCode: '130321', birthDate: '1985-06-30', sequence: 22 });

const checkVillage = (code: string) =>
  code === '130321999201'
    ? '村代码130321999201不存在'
    : code.startsWith('130321')
      ? null
      : `村代码${code}不在您的管辖范围内`;

function validate(cells: Partial<Record<ImportColumnKey, ImportCell>>, rowNumber = 2) {
  return validatePersonRow({
    rowNumber,
    cells: { idNumber: ID_M, name: '张三', villageCode: VILLAGE, ...cells },
    headerOf: { idNumber: '公民身份号码' },
    today: TODAY,
    checkVillage,
  });
}

function errorsOf(cells: Partial<Record<ImportColumnKey, ImportCell>>) {
  const result = validate(cells);
  return result.ok ? [] : result.errors.map((e) => `${e.column}: ${e.message}`);
}

describe('validatePersonRow', () => {
  it('normalises a minimal valid row and derives sex and birth date from the ID', () => {
    expect(validate({})).toEqual({
      ok: true,
      value: {
        rowNumber: 2,
        idNumber: ID_M,
        name: '张三',
        sex: 'M',
        birthDate: '1980-01-01',
        villageCode: VILLAGE,
      },
    });
  });

  it('reads a full row with every optional column', () => {
    const result = validate({
      idNumber: ID_F.toLowerCase(),
      name: ' 李 四 ',
      sex: '女',
      birthDate: '1985/6/30',
      householdNo: 1303211002010001,
      relation: '妻子',
      phone: '138 0000 1234',
      categories: '低保户、重残',
      categoryFrom: 45292,
      isInsured: '是',
      hasPremiumSubsidy: '否',
      disabilityCert: `${ID_F}41`,
      personStatus: '正常',
      povertyAttribute: '低保户',
      mainCause: '因病致贫',
      otherCauses: '因残,缺资金',
      registeredYear: '2014',
      exitStatus: '已脱贫',
      exitYear: 2019,
      monitoringType: '1',
      riskStatus: '风险已消除',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        rowNumber: 2,
        idNumber: ID_F,
        name: '李 四',
        sex: 'F',
        birthDate: '1985-06-30',
        villageCode: VILLAGE,
        householdNo: '1303211002010001',
        relation: '配偶',
        phone: '13800001234',
        categories: ['dibao', 'severe_disability'],
        categoryFrom: '2024-01-01',
        isInsured: true,
        hasPremiumSubsidy: false,
        disabilityCert: `${ID_F}41`,
        status: 'normal',
        household: {
          povertyAttribute: 'dibao',
          mainCause: '因病',
          otherCauses: ['因残', '缺资金'],
          registeredYear: 2014,
          exitStatus: 'exited',
          exitYear: 2019,
          monitoringType: 'edge',
          riskStatus: 'eliminated',
        },
      },
    });
  });

  it.each<[string, Partial<Record<ImportColumnKey, ImportCell>>, string]>([
    ['empty ID', { idNumber: '' }, '公民身份号码: 身份证号不能为空'],
    [
      'wrong check char',
      { idNumber: `${ID_M.slice(0, 17)}${ID_M[17] === '1' ? '2' : '1'}` },
      '公民身份号码: 校验位应为',
    ],
    [
      'impossible birth date',
      { idNumber: '130321198002301234' },
      '公民身份号码: 出生日期19800230不是有效日期',
    ],
    ['ID stored as a number', { idNumber: 130321198001010000 }, '公民身份号码: 身份证号被存成了数字'],
    ['16 digits', { idNumber: '1303211980010100' }, '公民身份号码: 身份证号应为18位'],
    ['empty name', { name: '  ' }, '姓名: 姓名不能为空'],
    ['sex against ID', { sex: '女' }, '性别: 性别“女”与身份证号不符'],
    ['birth date against ID', { birthDate: '1980-01-02' }, '出生日期: 出生日期1980-01-02与身份证号不符'],
    ['village missing', { villageCode: '' }, '村行政区划代码: 村行政区划代码不能为空'],
    ['village malformed', { villageCode: '13032110020' }, '村行政区划代码: 村行政区划代码“13032110020”无效'],
    [
      'not a village',
      { villageCode: '130321100000' },
      '村行政区划代码: 区划代码130321100000不是村（社区）级代码',
    ],
    ['village unknown', { villageCode: '130321999201' }, '村行政区划代码: 村代码130321999201不存在'],
    ['out of scope', { villageCode: '130322100201' }, '村行政区划代码: 村代码130322100201不在您的管辖范围内'],
    ['relation', { relation: '邻居' }, '与户主关系: 与户主关系“邻居”无效'],
    ['phone', { phone: '12345' }, '联系电话: 联系电话“12345”无效'],
    [
      'category word',
      { categories: '低保、富人', categoryFrom: '2024-01-01' },
      '人员类别: 人员类别“富人”无效',
    ],
    ['category without date', { categories: '低保' }, '类别开始日期: 填写了人员类别时，类别开始日期不能为空'],
    [
      'category date in future',
      { categories: '低保', categoryFrom: '2027-01-01' },
      '类别开始日期: 类别开始日期2027-01-01晚于今天',
    ],
    [
      'category date before birth',
      { categories: '低保', categoryFrom: '1979-01-01' },
      '类别开始日期: 类别开始日期1979-01-01早于出生日期',
    ],
    [
      'bad date',
      { categories: '低保', categoryFrom: '2024-02-30' },
      '类别开始日期: 类别开始日期“2024-02-30”不是有效日期',
    ],
    ['yes/no', { isInsured: '也许' }, '参保: 参保“也许”无效，应为“是”或“否”'],
    [
      'disability cert of another person',
      { disabilityCert: `${ID_F}41` },
      '残疾证号: 残疾证号前18位与本行身份证号不一致',
    ],
    ['disability grade', { disabilityCert: `${ID_M}45` }, '残疾证号: 残疾人证号第20位残疾等级应为1–4'],
    ['status', { personStatus: '失踪' }, '人员状态: 人员状态“失踪”无效'],
    ['dead without date', { personStatus: '死亡' }, '状态日期: 人员状态为死亡时，状态日期不能为空'],
    [
      'status date for normal',
      { personStatus: '正常', statusDate: '2024-01-01' },
      '状态日期: 只有人员状态为死亡或迁出时才填写状态日期',
    ],
    [
      'household value without number',
      { mainCause: '因病' },
      '户编号: 填写了户信息（主要致贫原因）时，户编号不能为空',
    ],
    [
      'poverty attribute',
      { householdNo: 'H1', povertyAttribute: '富裕户' },
      '贫困户属性: 贫困户属性“富裕户”无效',
    ],
    ['cause', { householdNo: 'H1', mainCause: '因懒' }, '主要致贫原因: 主要致贫原因“因懒”无效'],
    [
      'exit year without exit',
      { householdNo: 'H1', exitStatus: '未脱贫', exitYear: '2019' },
      '脱贫年度: 只有脱贫状态为已脱贫时才填写脱贫年度',
    ],
    ['year range', { householdNo: 'H1', registeredYear: '2030' }, '识别年度: 识别年度“2030”无效'],
    [
      'monitoring without risk',
      { householdNo: 'H1', monitoringType: '脱贫不稳定户' },
      '风险状态: 填写了监测类型时，风险状态不能为空',
    ],
    [
      'risk without monitoring',
      { householdNo: 'H1', riskStatus: '风险未消除' },
      '风险状态: 填写了风险状态时，监测类型不能为空',
    ],
    [
      'monitoring word',
      { householdNo: 'H1', monitoringType: '9', riskStatus: '已消除' },
      '监测类型: 监测类型“9”无效',
    ],
    [
      'household number precision',
      { householdNo: Number('13032110020100010001') },
      '户编号: 户编号被存成了数字',
    ],
  ])('%s', (_label, cells, expected) => {
    expect(errorsOf(cells).join('\n')).toContain(expected);
  });

  it('accepts a 15-digit ID, full-width digits and a lower-case x', () => {
    const fullWidth = ID_M.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(validate({ idNumber: fullWidth }).ok).toBe(true);
    const withX = buildCitizenId({ addressCode: '130321', birthDate: '1980-01-01', sequence: 15 });
    expect(withX.endsWith('X')).toBe(true);
    expect(validate({ idNumber: withX.toLowerCase() }).ok).toBe(true);
    const legacy = validate({ idNumber: '130321800101001' });
    expect(legacy.ok && legacy.value.idNumber).toMatch(/^13032119800101001[\dX]$/);
  });

  it('reports every error of a row, each with the row number', () => {
    const result = validate({ idNumber: 'abc', name: '', villageCode: '1' }, 17);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(3);
      expect(result.errors.every((e) => e.rowNumber === 17)).toBe(true);
    }
  });
});

const person = (
  rowNumber: number,
  idNumber: string,
  extra: Partial<ImportedPerson> = {},
): ImportedPerson => ({
  rowNumber,
  idNumber,
  name: '王五',
  sex: 'M',
  birthDate: '1980-01-01',
  villageCode: VILLAGE,
  ...extra,
});

describe('createFileChecker', () => {
  it('flags a repeated ID with the first row', () => {
    const checker = createFileChecker();
    expect(checker.check(person(2, ID_M))).toEqual([]);
    expect(checker.check(person(5, ID_M), { idNumber: '证件号码' })).toEqual([
      { rowNumber: 5, column: '证件号码', message: '身份证号与第2行重复（同一文件中每人只能出现一次）' },
    ]);
  });

  it('keeps households consistent: one village, one head, one value per household field', () => {
    const checker = createFileChecker();
    const household = { householdNo: 'H1', household: { mainCause: '因病' as const } };
    expect(checker.check(person(2, ID_M, { ...household, relation: '户主' }))).toEqual([]);
    const other = buildCitizenId({ addressCode: '130321', birthDate: '1990-01-01', sequence: 1 });
    const errors = checker.check(
      person(3, other, {
        householdNo: 'H1',
        relation: '户主',
        villageCode: '130321100202',
        household: { mainCause: '因残' },
      }),
    );
    expect(errors.map((e) => e.column)).toEqual(['村行政区划代码', '与户主关系', '主要致贫原因']);
    expect(errors[2]?.message).toBe('与同户第2行的“主要致贫原因”不一致（同一户的户信息应相同）');
    const h1 = checker.households().get('H1');
    expect(h1).toMatchObject({ headName: '王五', headRow: 2, values: { mainCause: '因病' } });
  });

  it('accepts a row exactly when its ID is new and it agrees with the accepted rows of its household (property)', () => {
    const row = fc.record({
      idNumber: fc.constantFrom(ID_M, ID_F, '110101199003070011', '110101199003070038', '11010119900307005X'),
      householdNo: fc.option(fc.constantFrom('H1', 'H2'), { nil: undefined }),
      relation: fc.option(fc.constantFrom('户主', '配偶'), { nil: undefined }),
      villageCode: fc.constantFrom(VILLAGE, '130321100202'),
      household: fc.option(
        fc.record(
          {
            mainCause: fc.constantFrom('因病' as const, '因残' as const),
            otherCauses: fc.constantFrom<PovertyCause[][]>(['因学'], ['因学', '缺水']),
            address: fc.constantFrom('一组', '二组'),
          },
          { requiredKeys: [] },
        ),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const checker = createFileChecker();
        const accepted: ImportedPerson[] = [];
        rows.forEach((r, i) => {
          const candidate = person(i + 2, r.idNumber, r);
          // The specification, over all rows accepted so far (not incrementally).
          const same = accepted.filter((a) => a.householdNo !== undefined && a.householdNo === r.householdNo);
          const firstValue = (key: string) =>
            same
              .map((a) => (a.household as Record<string, unknown> | undefined)?.[key])
              .find((v) => v !== undefined);
          const expectedColumns = [
            ...(accepted.some((a) => a.idNumber === r.idNumber) ? ['身份证号'] : []),
            ...(same.length > 0 && same[0]?.villageCode !== r.villageCode ? ['村行政区划代码'] : []),
            ...(r.relation === '户主' && same.some((a) => a.relation === '户主') ? ['与户主关系'] : []),
            ...Object.entries(r.household ?? {})
              .filter(([key, value]) => {
                const first = firstValue(key);
                return first !== undefined && JSON.stringify(first) !== JSON.stringify(value);
              })
              .map(
                ([key]) =>
                  ({ mainCause: '主要致贫原因', otherCauses: '其他致贫原因', address: '家庭住址' })[key],
              ),
          ];
          const errors = checker.check(candidate);
          expect(errors.map((e) => e.column)).toEqual(expectedColumns);
          if (errors.length === 0) {
            accepted.push(candidate);
          }
        });
        for (const [householdNo, h] of checker.households()) {
          const members = accepted.filter((a) => a.householdNo === householdNo);
          expect(h.firstRow).toBe(members[0]?.rowNumber);
          expect(h.headRow).toBe(members.find((a) => a.relation === '户主')?.rowNumber);
          for (const key of ['mainCause', 'otherCauses', 'address'] as const) {
            expect(h.values[key]).toEqual(
              members.map((a) => a.household?.[key]).find((v) => v !== undefined),
            );
          }
        }
      }),
    );
  });

  it('remembers the first row of every ID number of a large file', () => {
    const checker = createFileChecker();
    const ids = Array.from({ length: 20_000 }, (_, i) =>
      buildCitizenId({
        addressCode: '130321',
        birthDate: addDays('1950-01-01', i % 5000),
        sequence: Math.floor(i / 5000),
      }),
    );
    const refused = ids.filter((id, i) => checker.check(person(i + 2, id)).length > 0);
    expect(refused).toEqual([]);
    expect(checker.size()).toBe(20_000);
    const again = ids.map((id, i) => checker.check(person(30_000 + i, id))[0]?.message);
    expect(again).toEqual(ids.map((_, i) => `身份证号与第${i + 2}行重复（同一文件中每人只能出现一次）`));
  });

  it('finds exactly the repeated IDs (property)', () => {
    const ids = fc.constantFrom(
      ID_M,
      ID_F,
      '110101199003070011',
      '110101199003070038',
      '11010119900307005X',
      'ID-0001',
      'id-0001',
    );
    fc.assert(
      fc.property(fc.array(ids, { maxLength: 40 }), (list) => {
        const rows = list.map((idNumber, i) => ({ rowNumber: i + 2, idNumber }));
        const duplicates = findDuplicateIdRows(rows);
        const checker = createFileChecker();
        const flagged = rows.filter((r) => checker.check(person(r.rowNumber, r.idNumber)).length > 0);
        // Same rows flagged by both, each pointing at the first occurrence.
        expect(flagged.map((r) => r.rowNumber)).toEqual([...duplicates.keys()]);
        for (const [row, first] of duplicates) {
          const id = rows.find((r) => r.rowNumber === row)?.idNumber;
          expect(rows.find((r) => r.idNumber === id)?.rowNumber).toBe(first);
          expect(first).toBeLessThan(row);
        }
        expect(checker.size()).toBe(new Set(list).size);
        expect(duplicates.size).toBe(list.length - new Set(list).size);
      }),
    );
  });
});
