import type { IsoDate } from '../calendar/index.ts';
import { type IdErrorCode, normalizeIdInput, parseCitizenId } from './citizen-id.ts';

/**
 * 中华人民共和国残疾人证 number: the holder's 18-character ID number + disability category digit (1–7)
 * + grade digit (1–4), 20 characters in all.
 * [M] Reissued certificates may carry two more digits (a reissue number), 22 characters in all.
 */
export const DISABILITY_CATEGORY_LABELS = {
  1: '视力',
  2: '听力',
  3: '言语',
  4: '肢体',
  5: '智力',
  6: '精神',
  7: '多重',
} as const;
export type DisabilityCategory = keyof typeof DISABILITY_CATEGORY_LABELS;

export const DISABILITY_GRADE_LABELS = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' } as const;
export type DisabilityGrade = keyof typeof DISABILITY_GRADE_LABELS;

export type DisabilityCertificate = {
  /** Normalised, 20 (or 22) characters. */
  certificateNumber: string;
  idNumber: string;
  category: DisabilityCategory;
  categoryLabel: string;
  grade: DisabilityGrade;
  gradeLabel: string;
  /** [M] Two-digit reissue number of a 22-character certificate number. */
  reissueNumber?: string;
};

export type DisabilityErrorCode =
  | IdErrorCode
  | 'DISABILITY_LENGTH'
  | 'DISABILITY_CATEGORY'
  | 'DISABILITY_GRADE'
  | 'DISABILITY_REISSUE';

export type ParseDisabilityResult =
  | { ok: true; value: DisabilityCertificate }
  | { ok: false; code: DisabilityErrorCode; message: string };

const isKeyOf = <T extends object>(table: T, key: number): key is keyof T & number => key in table;

export function parseDisabilityCertificate(raw: string, options: { today: IsoDate }): ParseDisabilityResult {
  const text = normalizeIdInput(raw);
  const chars = Array.from(text);
  const { length } = chars;
  if (length !== 20 && length !== 22) {
    return {
      ok: false,
      code: 'DISABILITY_LENGTH',
      message: `残疾人证号应为20位（身份证号18位+类别1位+等级1位），实际为${length}位`,
    };
  }
  const id = parseCitizenId(chars.slice(0, 18).join(''), options);
  if (!id.ok) {
    return { ok: false, code: id.code, message: `残疾人证号前18位的身份证号有误：${id.message}` };
  }
  const [categoryChar = '', gradeChar = ''] = chars.slice(18, 20);
  const reissueNumber = chars.slice(20).join('');
  const category = /^\d$/.test(categoryChar) ? Number(categoryChar) : Number.NaN;
  const grade = /^\d$/.test(gradeChar) ? Number(gradeChar) : Number.NaN;
  if (!isKeyOf(DISABILITY_CATEGORY_LABELS, category)) {
    return {
      ok: false,
      code: 'DISABILITY_CATEGORY',
      message: `残疾人证号第19位残疾类别应为1–7，实际为“${categoryChar}”`,
    };
  }
  if (!isKeyOf(DISABILITY_GRADE_LABELS, grade)) {
    return {
      ok: false,
      code: 'DISABILITY_GRADE',
      message: `残疾人证号第20位残疾等级应为1–4，实际为“${gradeChar}”`,
    };
  }
  if (reissueNumber !== '' && !/^\d{2}$/.test(reissueNumber)) {
    return {
      ok: false,
      code: 'DISABILITY_REISSUE',
      message: `残疾人证号第21–22位换证次数应为两位数字，实际为“${reissueNumber}”`,
    };
  }
  return {
    ok: true,
    value: {
      certificateNumber: text,
      idNumber: id.value.idNumber,
      category,
      categoryLabel: DISABILITY_CATEGORY_LABELS[category],
      grade,
      gradeLabel: DISABILITY_GRADE_LABELS[grade],
      ...(reissueNumber === '' ? {} : { reissueNumber }),
    },
  };
}
