import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, ageOn, fromEpochDay, toEpochDay } from '../calendar/iso-date.ts';
import {
  checkScreeningEligibility,
  formatGestationalAge,
  hoursOfLife,
  isRuralVillageName,
  parseGestationalAge,
  type ScreeningFacts,
  twoCancersPriorityGroup,
} from './eligibility.ts';

const woman = (birthDate: string, screenedOn: string, programme: 'cervical' | 'breast' = 'cervical') =>
  ({
    programme,
    method: programme === 'cervical' ? 'hpv' : 'ultrasound',
    sex: 'F',
    birthDate,
    screenedOn,
  }) satisfies ScreeningFacts;

describe('two cancers: women aged 35–64', () => {
  it.each([
    ['1980-06-15', '2026-03-01', true, 45],
    ['1991-03-01', '2026-03-01', true, 35],
    ['1991-03-02', '2026-03-01', false, 34],
    ['1961-03-01', '2026-02-28', true, 64],
    ['1961-03-01', '2026-03-01', false, 65],
  ])('born %s, screened %s → eligible %s (age %i)', (birthDate, screenedOn, isEligible, age) => {
    const result = checkScreeningEligibility(woman(birthDate, screenedOn));
    expect(result.isEligible).toBe(isEligible);
    expect(result.ageYears).toBe(age);
  });

  it('names the age in the message', () => {
    expect(checkScreeningEligibility(woman('1991-03-02', '2026-03-01')).issues).toEqual([
      { field: 'birthDate', message: '宫颈癌筛查的对象应为35–64岁，筛查日该人员34岁' },
    ]);
  });

  it('refuses men', () => {
    const result = checkScreeningEligibility({ ...woman('1970-01-01', '2026-03-01', 'breast'), sex: 'M' });
    expect(result.issues).toEqual([{ field: 'sex', message: '乳腺癌筛查的对象应为女性，该人员为男性' }]);
  });

  it('is eligible exactly for women whose age on the day is 35–64 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('1940-01-01'), max: toEpochDay('2010-12-31') }),
        fc.integer({ min: toEpochDay('2020-01-01'), max: toEpochDay('2030-12-31') }),
        fc.constantFrom<'M' | 'F'>('M', 'F'),
        (birth, screened, sex) => {
          const birthDate = fromEpochDay(birth);
          const screenedOn = fromEpochDay(screened);
          const age = ageOn(birthDate, screenedOn);
          const result = checkScreeningEligibility({ ...woman(birthDate, screenedOn), sex });
          expect(result.isEligible).toBe(sex === 'F' && age >= 35 && age <= 64);
        },
      ),
    );
  });

  it('refuses unknown methods and screening before birth', () => {
    expect(
      checkScreeningEligibility({ ...woman('1980-01-01', '2026-01-01'), method: 'x' }).issues[0],
    ).toEqual({
      field: 'method',
      message:
        '筛查方法“x”不属于宫颈癌筛查（可选：HPV检测、宫颈细胞学检查（TCT）、醋酸/碘染色肉眼观察（VIA/VILI））',
    });
    expect(checkScreeningEligibility(woman('2026-02-01', '2026-01-01')).issues).toEqual([
      { field: 'screenedOn', message: '筛查日期2026-01-01早于出生日期2026-02-01' },
    ]);
  });
});

describe('prenatal windows by gestational age', () => {
  const pregnant = (method: string, gestationalDays: number | null, programme = 'prenatal_serum') =>
    checkScreeningEligibility({
      programme: programme as 'prenatal_serum',
      method,
      sex: 'F',
      birthDate: '1995-05-05',
      screenedOn: '2026-04-01',
      gestationalDays,
    });

  it.each([
    ['early', 63, true],
    ['early', 62, false],
    ['early', 97, true],
    ['early', 98, false],
    ['mid', 104, false],
    ['mid', 105, true],
    ['mid', 146, true],
    ['mid', 147, false],
  ])('serum %s at %i days → %s', (method, days, isEligible) => {
    expect(pregnant(method, days).isEligible).toBe(isEligible);
  });

  it.each([
    [111, false],
    [112, true],
    [174, true],
    [175, false],
  ])('ultrasound at %i days → %s', (days, isEligible) => {
    expect(pregnant('system_scan', days, 'prenatal_ultrasound').isEligible).toBe(isEligible);
  });

  it('explains the window and asks for the gestational age', () => {
    expect(pregnant('early', 62).issues).toEqual([
      {
        field: 'gestationalAge',
        message: '早孕期血清学筛查应在孕9+0至13+6周进行，填写的孕周为8+6周',
      },
    ]);
    expect(pregnant('mid', null).issues).toEqual([
      { field: 'gestationalAge', message: '中孕期血清学筛查须填写孕周' },
    ]);
  });
});

describe('newborn timing', () => {
  const baby = (
    programme: 'newborn_metabolic' | 'newborn_hearing',
    screenedOn: string,
    screenedTime: string,
  ) =>
    checkScreeningEligibility({
      programme,
      method: programme === 'newborn_metabolic' ? 'heel_blood' : 'oae',
      sex: 'M',
      birthDate: '2026-05-01',
      birthTime: '08:30',
      screenedOn,
      screenedTime,
    });

  it.each([
    ['newborn_metabolic', '2026-05-04', '08:30', true, 72],
    ['newborn_metabolic', '2026-05-04', '08:29', false, 71],
    ['newborn_metabolic', '2026-05-21', '09:00', true, 480],
    ['newborn_metabolic', '2026-05-22', '09:00', false, 504],
    ['newborn_hearing', '2026-05-03', '08:30', true, 48],
    ['newborn_hearing', '2026-05-03', '08:00', false, 47],
    ['newborn_hearing', '2026-06-12', '10:00', true, 1009],
    ['newborn_hearing', '2026-06-13', '10:00', false, 1033],
  ] as const)('%s on %s %s → %s (%i h)', (programme, date, time, isEligible, hours) => {
    const result = baby(programme, date, time);
    expect(result.isEligible).toBe(isEligible);
    expect(result.hoursOfLife).toBe(hours);
  });

  it('says why in Chinese', () => {
    expect(baby('newborn_metabolic', '2026-05-03', '20:30').issues).toEqual([
      { field: 'screenedTime', message: '足跟血应在出生72小时后采集，实际为出生后60小时' },
    ]);
    expect(baby('newborn_metabolic', '2026-05-22', '09:00').issues).toEqual([
      {
        field: 'screenedOn',
        message: '新生儿遗传代谢病筛查（两病）最迟应在出生后20天内完成，筛查日已出生21天',
      },
    ]);
  });

  it('needs both clock times', () => {
    const result = checkScreeningEligibility({
      programme: 'newborn_hearing',
      method: 'aabr',
      sex: 'F',
      birthDate: '2026-05-01',
      screenedOn: '2026-05-04',
    });
    expect(result.issues).toEqual([
      {
        field: 'birthTime',
        message: '新生儿听力筛查须填写出生时间和筛查时间（时:分），以核对出生48小时后进行',
      },
    ]);
  });
});

describe('gestational age and hours of life', () => {
  it.each([
    ['16+3', 115],
    ['16周3天', 115],
    ['16w3d', 115],
    ['１６＋３', 115],
    ['12', 84],
    ['12+7', null],
    ['abc', null],
    ['50+1', null],
  ])('parses %s → %s', (text, days) => {
    expect(parseGestationalAge(text)).toBe(days);
  });

  it('formats and parses back (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 45 * 7 + 6 }), (days) => {
        expect(parseGestationalAge(formatGestationalAge(days).replace('周', ''))).toBe(days);
      }),
    );
  });

  it('counts whole hours across days (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('2024-01-01'), max: toEpochDay('2027-12-31') }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 60 * 24 * 60 }),
        (day, minuteOfDay, offset) => {
          const birthDate = fromEpochDay(day);
          const time = (m: number) =>
            `${Math.floor(m / 60)
              .toString()
              .padStart(2, '0')}:${(m % 60).toString().padStart(2, '0')}`;
          const total = minuteOfDay + offset;
          const testDate = addDays(birthDate, Math.floor(total / 1440));
          const hours = hoursOfLife(
            { date: birthDate, time: time(minuteOfDay) },
            { date: testDate, time: time(total % 1440) },
          );
          expect(hours).toBe(Math.floor(offset / 60));
        },
      ),
    );
  });
});

describe('two-cancer priority', () => {
  it.each([
    [['dibao'], false, 'low_income'],
    [['poverty_exited', 'tekun'], true, 'low_income'],
    [['poverty_exited'], true, 'rural'],
    [[], false, null],
  ] as const)('%j rural=%s → %s', (categories, isRuralVillage, group) => {
    expect(twoCancersPriorityGroup({ categories, isRuralVillage })).toBe(group);
  });

  it.each([
    ['大杖子村村民委员会', true],
    ['青龙镇社区居民委员会', false],
    ['城关村委会', true],
  ])('%s rural = %s', (name, isRural) => {
    expect(isRuralVillageName(name)).toBe(isRural);
  });
});
