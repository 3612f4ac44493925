import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  awarenessRateBp,
  findQuestionnaire,
  isPolicyAware,
  POLICY_QUESTIONNAIRES,
  questionnaireOn,
  scoreSurvey,
} from './policy-survey.ts';

const Q = POLICY_QUESTIONNAIRES[0] as (typeof POLICY_QUESTIONNAIRES)[number];
const allCorrect = Object.fromEntries(Q.questions.map((q) => [q.code, q.correct]));

describe('policy questionnaire', () => {
  it('has unique question codes whose correct answer is an option', () => {
    for (const questionnaire of POLICY_QUESTIONNAIRES) {
      const codes = questionnaire.questions.map((q) => q.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const q of questionnaire.questions) {
        expect(q.options.map((o) => o.code)).toContain(q.correct);
      }
      expect(questionnaire.minAsked).toBeLessThanOrEqual(questionnaire.questions.length);
    }
  });

  it('finds the questionnaire in force', () => {
    expect(questionnaireOn('2026-04-01')?.version).toBe('2025');
    expect(questionnaireOn('2024-12-31')).toBeNull();
    expect(findQuestionnaire('health-poverty-policy', '2025')?.name).toBe('健康扶贫政策知晓情况调查表');
  });
});

describe('scoreSurvey', () => {
  it.each([
    ['all 8 correct', allCorrect, 8, 8, true],
    ['7 of 8 (87.5 %)', { ...allCorrect, deposit: 'a' }, 8, 7, true],
    ['6 of 8 (75 %)', { ...allCorrect, deposit: 'a', premium: 'unsure' }, 8, 6, false],
    [
      '4 of 5 asked (80 %)',
      { deposit: 'b', one_stop: 'a', self_pay_cap: 'a', premium: 'a', chronic: 'unsure' },
      5,
      4,
      true,
    ],
  ])('%s', (_label, answers, asked, correct, aware) => {
    expect(scoreSurvey(Q, answers)).toMatchObject({
      ok: true,
      value: { asked, correct, isAware: aware },
    });
  });

  it('explains refused answers', () => {
    expect(scoreSurvey(Q, { ...allCorrect, deposit: 'z', nope: 'a' })).toEqual({
      ok: false,
      problems: [
        '第1题（先诊疗后付费）的答案“z”不是可选项',
        '问题“nope”不在《健康扶贫政策知晓情况调查表》中',
      ],
    });
    expect(scoreSurvey(Q, { deposit: 'b' })).toEqual({
      ok: false,
      problems: ['政策知晓调查至少应回答5道题，实际回答1道（未问的题目不填）'],
    });
  });

  it('is aware exactly when correct/asked ≥ 80 % (property, no floats)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.nat(), (asked, k) => {
        const correct = k % (asked + 1);
        expect(isPolicyAware(correct, asked, 8_000)).toBe(correct * 5 >= asked * 4);
      }),
    );
    expect(isPolicyAware(0, 0, 8_000)).toBe(false);
  });
});

describe('awarenessRateBp', () => {
  it('takes the latest survey of each household', () => {
    expect(
      awarenessRateBp([
        { householdKey: 'A', surveyedOn: '2026-03-01', id: 1, isAware: false },
        { householdKey: 'A', surveyedOn: '2026-05-01', id: 2, isAware: true },
        { householdKey: 'B', surveyedOn: '2026-05-01', id: 3, isAware: false },
        { householdKey: 'C', surveyedOn: '2026-05-01', id: 4, isAware: true },
      ]),
    ).toEqual({ aware: 2, surveyed: 3, rateBp: 6667 });
  });
});
