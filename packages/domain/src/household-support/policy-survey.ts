import type { IsoDate } from '../calendar/iso-date.ts';
import { type Bp, ratioBp } from '../money/fen.ts';

/**
 * 健康扶贫政策知晓率 surveys. A questionnaire (versioned data) holds single-choice questions about the
 * policies a poor household should know (domain.md §5, §1, §4). At a visit one member answers; a question
 * may be skipped (not asked). For one survey:
 *
 *   asked   = questions answered (an option chosen, "不清楚" included);
 *   correct = answers equal to the question's correct option;
 *   aware   = asked ≥ the questionnaire's minimum AND correct ÷ asked ≥ its threshold (80 %).
 *
 * 政策知晓率 (indicator policy_awareness_rate) = households whose latest survey in the period is aware ÷
 * households surveyed in the period. The per-question 答对率 = correct answers ÷ times asked shows which
 * policies are poorly known.
 */

export type PolicyQuestion = {
  code: string;
  /** The policy the question is about (shown in the per-question analysis). */
  policy: string;
  text: string;
  options: readonly { code: string; label: string }[];
  correct: string;
};

export type PolicyQuestionnaire = {
  code: string;
  version: string;
  name: string;
  effectiveFrom: IsoDate;
  /** Minimum share of correct answers for a respondent to count as aware. */
  awareThresholdBp: Bp;
  /** A survey with fewer answered questions is refused (too short to judge). */
  minAsked: number;
  questions: readonly PolicyQuestion[];
};

const UNSURE = { code: 'unsure', label: '不清楚' } as const;

export const POLICY_QUESTIONNAIRES: readonly PolicyQuestionnaire[] = [
  {
    code: 'health-poverty-policy',
    version: '2025',
    name: '健康扶贫政策知晓情况调查表',
    effectiveFrom: '2025-01-01',
    awareThresholdBp: 8_000,
    minAsked: 5,
    questions: [
      {
        code: 'deposit',
        policy: '先诊疗后付费',
        text: '贫困人口在县域内定点医院住院，需要先交押金吗？',
        options: [
          { code: 'a', label: '需要先交押金' },
          { code: 'b', label: '不需要，出院时只交个人自付部分' },
          UNSURE,
        ],
        correct: 'b',
      },
      {
        code: 'one_stop',
        policy: '“一站式”结算',
        text: '住院费用的医保、大病保险、医疗救助在哪里报销？',
        options: [
          { code: 'a', label: '出院时在医院“一站式”窗口直接结算' },
          { code: 'b', label: '自己垫付后到各部门分别报销' },
          UNSURE,
        ],
        correct: 'a',
      },
      {
        code: 'self_pay_cap',
        policy: '县域内住院自付比例',
        text: '贫困人口在县域内住院，个人自付费用一般不超过总费用的多少？',
        options: [
          { code: 'a', label: '10%' },
          { code: 'b', label: '30%' },
          { code: 'c', label: '50%' },
          UNSURE,
        ],
        correct: 'a',
      },
      {
        code: 'premium',
        policy: '资助参保',
        text: '特困、低保、建档立卡等人员参加城乡居民医保，个人缴费有没有资助？',
        options: [
          { code: 'a', label: '有，政府全额或部分资助' },
          { code: 'b', label: '没有，全部自己缴' },
          UNSURE,
        ],
        correct: 'a',
      },
      {
        code: 'family_doctor',
        policy: '家庭医生签约服务',
        text: '您家签约的家庭医生（村医）能为您提供哪些服务？',
        options: [
          { code: 'a', label: '免费随访、健康体检和健康指导' },
          { code: 'b', label: '不知道签约了家庭医生' },
          UNSURE,
        ],
        correct: 'a',
      },
      {
        code: 'chronic',
        policy: '慢病签约服务管理',
        text: '患高血压、糖尿病等慢性病，门诊用药能不能报销？',
        options: [
          { code: 'a', label: '能，按门诊慢特病政策报销' },
          { code: 'b', label: '不能，只有住院才能报销' },
          UNSURE,
        ],
        correct: 'a',
      },
      {
        code: 'major_disease',
        policy: '大病专项救治',
        text: '患儿童白血病、食管癌等大病，可以享受什么政策？',
        options: [
          { code: 'a', label: '大病专项救治：定点医院集中救治，费用按规定报销' },
          { code: 'b', label: '没有专门的政策' },
          UNSURE,
        ],
        correct: 'a',
      },
      {
        code: 'hardship',
        policy: '防止因病返贫监测帮扶',
        text: '家里因看病负担重、生活困难时，可以向哪里求助？',
        options: [
          { code: 'a', label: '向村委会或乡镇申请医疗救助、纳入监测帮扶' },
          { code: 'b', label: '只能自己想办法' },
          UNSURE,
        ],
        correct: 'a',
      },
    ],
  },
];

/** The questionnaire in force on a date (the latest whose effectiveFrom is not after it). */
export function questionnaireOn(
  date: IsoDate,
  questionnaires: readonly PolicyQuestionnaire[] = POLICY_QUESTIONNAIRES,
): PolicyQuestionnaire | null {
  return (
    [...questionnaires]
      .filter((q) => q.effectiveFrom <= date)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0] ?? null
  );
}

export function findQuestionnaire(
  code: string,
  version: string,
  questionnaires: readonly PolicyQuestionnaire[] = POLICY_QUESTIONNAIRES,
): PolicyQuestionnaire | null {
  return questionnaires.find((q) => q.code === code && q.version === version) ?? null;
}

/** Whether `correct` of `asked` answers reach the threshold (integer arithmetic, no rounding). */
export function isPolicyAware(correct: number, asked: number, thresholdBp: Bp): boolean {
  return asked > 0 && correct * 10_000 >= thresholdBp * asked;
}

export type SurveyScore = {
  asked: number;
  correct: number;
  isAware: boolean;
  /** Per question: whether asked and whether answered correctly. */
  answers: { code: string; option: string; isCorrect: boolean }[];
};

export type ScoreOutcome = { ok: true; value: SurveyScore } | { ok: false; problems: string[] };

/** Scores a survey: answers maps question code → option code; unanswered questions are not asked. */
export function scoreSurvey(
  questionnaire: PolicyQuestionnaire,
  answers: Readonly<Record<string, string>>,
): ScoreOutcome {
  const problems: string[] = [];
  const byCode = new Map(questionnaire.questions.map((q, i) => [q.code, { q, i }]));
  for (const [code, option] of Object.entries(answers)) {
    const entry = byCode.get(code);
    if (!entry) {
      problems.push(`问题“${code}”不在《${questionnaire.name}》中`);
    } else if (!entry.q.options.some((o) => o.code === option)) {
      problems.push(`第${entry.i + 1}题（${entry.q.policy}）的答案“${option}”不是可选项`);
    }
  }
  const scored = questionnaire.questions
    .filter((q) => answers[q.code] !== undefined)
    .map((q) => ({
      code: q.code,
      option: answers[q.code] as string,
      isCorrect: answers[q.code] === q.correct,
    }));
  if (problems.length === 0 && scored.length < questionnaire.minAsked) {
    problems.push(
      `政策知晓调查至少应回答${questionnaire.minAsked}道题，实际回答${scored.length}道（未问的题目不填）`,
    );
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const correct = scored.filter((a) => a.isCorrect).length;
  return {
    ok: true,
    value: {
      asked: scored.length,
      correct,
      isAware: isPolicyAware(correct, scored.length, questionnaire.awareThresholdBp),
      answers: scored,
    },
  };
}

/** 政策知晓率 over households: the latest survey of each household decides. */
export function awarenessRateBp(
  surveys: readonly { householdKey: string; surveyedOn: IsoDate; id: number; isAware: boolean }[],
): { aware: number; surveyed: number; rateBp: Bp | null } {
  const latest = new Map<string, (typeof surveys)[number]>();
  for (const s of surveys) {
    const current = latest.get(s.householdKey);
    if (
      !current ||
      s.surveyedOn > current.surveyedOn ||
      (s.surveyedOn === current.surveyedOn && s.id > current.id)
    ) {
      latest.set(s.householdKey, s);
    }
  }
  const aware = [...latest.values()].filter((s) => s.isAware).length;
  return { aware, surveyed: latest.size, rateBp: ratioBp(aware, latest.size) };
}
