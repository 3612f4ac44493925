import type { IsoDate } from '../calendar/iso-date.ts';
import { parseCitizenId, type Sex } from '../citizen-id/citizen-id.ts';
import {
  checkScreeningEligibility,
  type EligibilityIssue,
  parseGestationalAge,
  SCREENING_RULES,
} from './eligibility.ts';
import { SCREENING_GROUP_OF, type ScreeningProgramme, type ScreeningResult } from './vocabulary.ts';

/**
 * Validation of one screening record as entered (a form or a spreadsheet row): who was screened, when, how
 * and with what result. The subject is identified by ID number; a newborn without one yet by the mother's
 * ID number, the baby's name, sex and birth date. Returns the normalised record or every problem, each with
 * its field and a Chinese message.
 */

export type ScreeningRecordInput = {
  programme: ScreeningProgramme;
  method: string;
  name: string;
  idNumber?: string | null;
  /** Needed only when there is no ID number (newborns). */
  sex?: Sex | null;
  birthDate?: IsoDate | null;
  motherName?: string | null;
  motherIdNumber?: string | null;
  screenedOn: IsoDate;
  screenedTime?: string | null;
  birthTime?: string | null;
  /** 孕周 as written: "16+3". */
  gestationalAge?: string | null;
  result: ScreeningResult;
  resultDetail?: string | null;
  institution?: string | null;
};

export type ValidScreeningRecord = {
  programme: ScreeningProgramme;
  method: string;
  name: string;
  idNumber: string | null;
  sex: Sex;
  birthDate: IsoDate;
  motherName: string | null;
  motherIdNumber: string | null;
  /** Identifies the subject across records: the ID number, or mother + birth date + name for newborns. */
  subjectKey: string;
  screenedOn: IsoDate;
  screenedTime: string | null;
  birthTime: string | null;
  gestationalDays: number | null;
  hoursOfLife: number | null;
  ageYears: number | null;
  result: ScreeningResult;
  resultDetail: string | null;
  institution: string | null;
};

export type ValidationOutcome =
  | { ok: true; value: ValidScreeningRecord }
  | { ok: false; issues: EligibilityIssue[] };

const blank = (value: string | null | undefined) =>
  value === null || value === undefined || value.trim() === '';

/** The subject key of a newborn without an ID number. */
export function newbornSubjectKey(motherIdNumber: string, birthDate: IsoDate, name: string): string {
  return `M:${motherIdNumber}:${birthDate}:${name}`;
}

export function validateScreeningRecord(input: ScreeningRecordInput, today: IsoDate): ValidationOutcome {
  const issues: EligibilityIssue[] = [];
  const isNewborn = SCREENING_GROUP_OF[input.programme] === 'newborn';
  const name = input.name.trim();
  if (name === '') {
    issues.push({ field: 'name', message: '姓名不能为空' });
  } else if (name.length > 50) {
    issues.push({ field: 'name', message: '姓名不能超过50个字' });
  }

  let idNumber: string | null = null;
  let sex = input.sex ?? null;
  let birthDate = input.birthDate ?? null;
  if (!blank(input.idNumber)) {
    const parsed = parseCitizenId(input.idNumber ?? '', { today });
    if (!parsed.ok) {
      issues.push({ field: 'idNumber', message: `身份证号：${parsed.message}` });
    } else {
      idNumber = parsed.value.idNumber;
      if (sex && sex !== parsed.value.sex) {
        issues.push({ field: 'sex', message: '性别与身份证号不一致' });
      }
      if (birthDate && birthDate !== parsed.value.birthDate) {
        issues.push({
          field: 'birthDate',
          message: `出生日期${birthDate}与身份证号中的${parsed.value.birthDate}不一致`,
        });
      }
      sex = parsed.value.sex;
      birthDate = parsed.value.birthDate;
    }
  } else if (!isNewborn) {
    issues.push({ field: 'idNumber', message: '身份证号不能为空' });
  }

  let motherIdNumber: string | null = null;
  const motherName = blank(input.motherName) ? null : (input.motherName ?? '').trim();
  if (isNewborn) {
    if (!blank(input.motherIdNumber)) {
      const parsed = parseCitizenId(input.motherIdNumber ?? '', { today });
      if (!parsed.ok) {
        issues.push({ field: 'motherIdNumber', message: `母亲身份证号：${parsed.message}` });
      } else if (parsed.value.sex !== 'F') {
        issues.push({ field: 'motherIdNumber', message: '母亲身份证号为男性号码，请核对' });
      } else {
        motherIdNumber = parsed.value.idNumber;
      }
    } else if (idNumber === null) {
      issues.push({
        field: 'motherIdNumber',
        message: '新生儿尚无身份证号时，须填写母亲身份证号',
      });
    }
    if (idNumber === null) {
      if (!sex) {
        issues.push({ field: 'sex', message: '请选择新生儿性别' });
      }
      if (!birthDate) {
        issues.push({ field: 'birthDate', message: '请填写新生儿出生日期' });
      }
    }
  }

  if (input.screenedOn > today) {
    issues.push({ field: 'screenedOn', message: `筛查日期${input.screenedOn}晚于今天${today}` });
  }
  if (birthDate && birthDate > today) {
    issues.push({ field: 'birthDate', message: `出生日期${birthDate}晚于今天${today}` });
  }

  let gestationalDays: number | null = null;
  if (SCREENING_RULES[input.programme].gestation && !blank(input.gestationalAge)) {
    gestationalDays = parseGestationalAge(input.gestationalAge ?? '');
    if (gestationalDays === null) {
      issues.push({
        field: 'gestationalAge',
        message: `孕周“${input.gestationalAge}”格式不正确，应写作“周+天”，如 16+3`,
      });
    }
  }

  const resultDetail = blank(input.resultDetail) ? null : (input.resultDetail ?? '').trim();
  if (input.result !== 'normal' && resultDetail === null) {
    issues.push({ field: 'resultDetail', message: '结果异常或需进一步检查时，须填写结果说明' });
  }
  if (resultDetail && resultDetail.length > 200) {
    issues.push({ field: 'resultDetail', message: '结果说明不能超过200个字' });
  }
  const institution = blank(input.institution) ? null : (input.institution ?? '').trim();
  if (institution && institution.length > 100) {
    issues.push({ field: 'institution', message: '筛查机构不能超过100个字' });
  }

  if (issues.length > 0 || !sex || !birthDate) {
    return { ok: false, issues };
  }
  const eligibility = checkScreeningEligibility({
    programme: input.programme,
    method: input.method,
    sex,
    birthDate,
    screenedOn: input.screenedOn,
    gestationalDays,
    birthTime: input.birthTime ?? null,
    screenedTime: input.screenedTime ?? null,
  });
  if (!eligibility.isEligible) {
    return { ok: false, issues: eligibility.issues };
  }
  return {
    ok: true,
    value: {
      programme: input.programme,
      method: input.method,
      name,
      idNumber,
      sex,
      birthDate,
      motherName,
      motherIdNumber,
      subjectKey: idNumber ?? newbornSubjectKey(motherIdNumber ?? '', birthDate, name),
      screenedOn: input.screenedOn,
      screenedTime: isNewborn ? (input.screenedTime ?? null) : null,
      birthTime: isNewborn ? (input.birthTime ?? null) : null,
      gestationalDays,
      hoursOfLife: eligibility.hoursOfLife,
      ageYears: eligibility.ageYears,
      result: input.result,
      resultDetail,
      institution,
    },
  };
}
