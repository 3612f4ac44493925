import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCitizenId } from './citizen-id.ts';
import {
  DISABILITY_CATEGORY_LABELS,
  DISABILITY_GRADE_LABELS,
  parseDisabilityCertificate,
} from './disability-certificate.ts';

const OPTIONS = { today: '2026-11-23' };
const ID = '13032119900101127X';

describe('parseDisabilityCertificate: valid numbers', () => {
  it.each([
    [`${ID}11`, 1, '视力', 1, '一级'],
    [`${ID}23`, 2, '听力', 3, '三级'],
    [`${ID}34`, 3, '言语', 4, '四级'],
    [`${ID}42`, 4, '肢体', 2, '二级'],
    [`${ID}51`, 5, '智力', 1, '一级'],
    [`${ID}62`, 6, '精神', 2, '二级'],
    [`${ID}73`, 7, '多重', 3, '三级'],
  ])('%s → category %i %s, grade %i %s', (raw, category, categoryLabel, grade, gradeLabel) => {
    expect(parseDisabilityCertificate(raw, OPTIONS)).toEqual({
      ok: true,
      value: { certificateNumber: raw, idNumber: ID, category, categoryLabel, grade, gradeLabel },
    });
  });

  it('normalises the input like an ID number', () => {
    const result = parseDisabilityCertificate(' 13032119900101127ｘ 4 2 ', OPTIONS);
    expect(result.ok && result.value.certificateNumber).toBe(`${ID}42`);
  });

  it('accepts a 22-character reissued number and keeps the reissue digits', () => {
    expect(parseDisabilityCertificate(`${ID}4202`, OPTIONS)).toEqual({
      ok: true,
      value: {
        certificateNumber: `${ID}4202`,
        idNumber: ID,
        category: 4,
        categoryLabel: '肢体',
        grade: 2,
        gradeLabel: '二级',
        reissueNumber: '02',
      },
    });
  });
});

describe('parseDisabilityCertificate: errors', () => {
  it.each([
    [ID, 'DISABILITY_LENGTH', '残疾人证号应为20位（身份证号18位+类别1位+等级1位），实际为18位'],
    [`${ID}421`, 'DISABILITY_LENGTH', '残疾人证号应为20位（身份证号18位+类别1位+等级1位），实际为21位'],
    ['13032119900101127542', 'ID_CHECK_CHAR', '残疾人证号前18位的身份证号有误：校验位应为X，实际为5'],
    ['13032119900230127X42', 'ID_BIRTH_DATE', '残疾人证号前18位的身份证号有误：出生日期19900230不是有效日期'],
    [`${ID}82`, 'DISABILITY_CATEGORY', '残疾人证号第19位残疾类别应为1–7，实际为“8”'],
    [`${ID}02`, 'DISABILITY_CATEGORY', '残疾人证号第19位残疾类别应为1–7，实际为“0”'],
    [`${ID}A2`, 'DISABILITY_CATEGORY', '残疾人证号第19位残疾类别应为1–7，实际为“A”'],
    [`${ID}45`, 'DISABILITY_GRADE', '残疾人证号第20位残疾等级应为1–4，实际为“5”'],
    [`${ID}40`, 'DISABILITY_GRADE', '残疾人证号第20位残疾等级应为1–4，实际为“0”'],
    [`${ID}4X`, 'DISABILITY_GRADE', '残疾人证号第20位残疾等级应为1–4，实际为“X”'],
    [`${ID}42A1`, 'DISABILITY_REISSUE', '残疾人证号第21–22位换证次数应为两位数字，实际为“A1”'],
  ])('%j → %s', (raw, code, message) => {
    expect(parseDisabilityCertificate(raw, OPTIONS)).toEqual({ ok: false, code, message });
  });
});

describe('disability certificate properties', () => {
  it('any valid ID with any category 1–7 and grade 1–4 parses back to its parts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 4 }),
        (sequence, category, grade) => {
          const idNumber = buildCitizenId({ addressCode: '320902', birthDate: '1975-06-30', sequence });
          const result = parseDisabilityCertificate(`${idNumber}${category}${grade}`, OPTIONS);
          expect(result.ok && result.value).toMatchObject({ idNumber, category, grade });
        },
      ),
    );
  });

  it('labels seven categories and four grades', () => {
    expect(Object.values(DISABILITY_CATEGORY_LABELS)).toHaveLength(7);
    expect(Object.values(DISABILITY_GRADE_LABELS)).toEqual(['一级', '二级', '三级', '四级']);
  });
});
