import { describe, expect, it } from 'vitest';
import { type ScreeningRecordInput, validateScreeningRecord } from './screening-record.ts';

const TODAY = '2026-11-01';
// 130321198003150025: a woman born 1980-03-15 (valid check character).
const WOMAN = '130321198003150025';
const MOTHER = '130321199505050029';

const cervical: ScreeningRecordInput = {
  programme: 'cervical',
  method: 'hpv',
  name: ' 王芳 ',
  idNumber: WOMAN,
  screenedOn: '2026-04-10',
  result: 'normal',
};

describe('validateScreeningRecord', () => {
  it('normalises a valid record and takes sex and birth date from the ID number', () => {
    const outcome = validateScreeningRecord(cervical, TODAY);
    expect(outcome).toEqual({
      ok: true,
      value: expect.objectContaining({
        name: '王芳',
        idNumber: WOMAN,
        sex: 'F',
        birthDate: '1980-03-15',
        subjectKey: WOMAN,
        ageYears: 46,
        resultDetail: null,
        screenedTime: null,
      }),
    });
  });

  it.each<[Partial<ScreeningRecordInput>, { field: string; message: string }[]]>([
    [{ idNumber: '' }, [{ field: 'idNumber', message: '身份证号不能为空' }]],
    [{ idNumber: '130321198003150026' }, [{ field: 'idNumber', message: '身份证号：校验位应为5，实际为6' }]],
    [{ name: '  ' }, [{ field: 'name', message: '姓名不能为空' }]],
    [
      { screenedOn: '2026-11-02' },
      [{ field: 'screenedOn', message: '筛查日期2026-11-02晚于今天2026-11-01' }],
    ],
    [
      { result: 'abnormal' },
      [{ field: 'resultDetail', message: '结果异常或需进一步检查时，须填写结果说明' }],
    ],
    [{ sex: 'M' }, [{ field: 'sex', message: '性别与身份证号不一致' }]],
    [
      { screenedOn: '2015-03-14' },
      [{ field: 'birthDate', message: '宫颈癌筛查的对象应为35–64岁，筛查日该人员34岁' }],
    ],
  ])('refuses %j', (change, issues) => {
    expect(validateScreeningRecord({ ...cervical, ...change }, TODAY)).toEqual({ ok: false, issues });
  });

  it('identifies a newborn without an ID number by the mother', () => {
    const outcome = validateScreeningRecord(
      {
        programme: 'newborn_metabolic',
        method: 'heel_blood',
        name: '李娜之子',
        sex: 'M',
        birthDate: '2026-10-01',
        birthTime: '23:10',
        motherName: '李娜',
        motherIdNumber: MOTHER,
        screenedOn: '2026-10-05',
        screenedTime: '09:00',
        result: 'follow_up',
        resultDetail: 'TSH 偏高，召回复查',
      },
      TODAY,
    );
    expect(outcome).toEqual({
      ok: true,
      value: expect.objectContaining({
        idNumber: null,
        subjectKey: `M:${MOTHER}:2026-10-01:李娜之子`,
        hoursOfLife: 81,
        motherIdNumber: MOTHER,
      }),
    });
  });

  it('asks for what a newborn without an ID number needs', () => {
    const outcome = validateScreeningRecord(
      {
        programme: 'newborn_hearing',
        method: 'oae',
        name: '李娜之女',
        motherIdNumber: '130321198003150017',
        screenedOn: '2026-10-05',
        result: 'normal',
      },
      TODAY,
    );
    expect(outcome).toEqual({
      ok: false,
      issues: [
        { field: 'motherIdNumber', message: '母亲身份证号为男性号码，请核对' },
        { field: 'sex', message: '请选择新生儿性别' },
        { field: 'birthDate', message: '请填写新生儿出生日期' },
      ],
    });
    expect(
      validateScreeningRecord(
        {
          programme: 'newborn_hearing',
          method: 'oae',
          name: '某某',
          sex: 'F',
          birthDate: '2026-10-01',
          screenedOn: '2026-10-05',
          result: 'normal',
        },
        TODAY,
      ),
    ).toEqual({
      ok: false,
      issues: [{ field: 'motherIdNumber', message: '新生儿尚无身份证号时，须填写母亲身份证号' }],
    });
  });

  it('reads the gestational age of prenatal screening', () => {
    const input: ScreeningRecordInput = {
      programme: 'prenatal_ultrasound',
      method: 'system_scan',
      name: '李娜',
      idNumber: MOTHER,
      screenedOn: '2026-06-01',
      gestationalAge: '22+4',
      result: 'normal',
    };
    expect(validateScreeningRecord(input, TODAY)).toMatchObject({
      ok: true,
      value: { gestationalDays: 158 },
    });
    expect(validateScreeningRecord({ ...input, gestationalAge: '22又4' }, TODAY)).toEqual({
      ok: false,
      issues: [{ field: 'gestationalAge', message: '孕周“22又4”格式不正确，应写作“周+天”，如 16+3' }],
    });
  });
});
