import {
  type AssistanceMeasure,
  addDays,
  DEFAULT_RECTIFICATION_DAYS,
  DEFAULT_WARNING_RULES,
  defaultRoundName,
  diffDays,
  formatProblemNo,
  type IsoDate,
  type ProblemCategory,
  type ProblemSeverity,
  type ProblemStatus,
  type TAssistanceMeasureInput,
  type TWarningRules,
  transitionProblem,
  transitionWarning,
  type WarningStatus,
} from '@healthaid/domain';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, EwMeasureTable, EwWarningEventTable, SvProblemTable } from '../db/schema.ts';
import { evaluateStep, loadRuleSets, SYSTEM_RUN_ACTOR } from '../modules/early-warning/warning-runs.ts';
import { createRandom, DEMO_POPULATION_DEFAULTS, type Random } from './demo-population.ts';

/**
 * Deterministic demo data of the supervision and early-warning modules for the demo county, on top of its
 * population and activity (same seed → same rows; every date derived from `asOf`, no clock, no Math.random):
 *
 * - Supervision: the year's four quarterly rounds (分片包干: four groups of two inspectors) and one special
 *   round on the one-stop settlement; on each past round every township gets 0–3 findings in its villages
 *   or its health centre, with realistic descriptions, severities and deadlines. Each problem is walked
 *   through the domain's rectification machine (开始整改 → 提交验收, sometimes 退回 and resubmitted → 验收销号)
 *   with dates up to `asOf`, so early rounds are almost all closed (清零) and the latest has open and overdue
 *   problems.
 * - Early warning: the county's rule set (amounts are demo figures, not official standards), assistance
 *   measures for most monitored households soon after identification, the rules run at every month end of
 *   the year through the real engine (`evaluateStep`), and the warnings handled after each run the way a
 *   bureau would: most disposed within weeks with measures or a reason for exclusion, recent ones open.
 */

export type DemoOversightOptions = { seed?: number; asOf?: IsoDate };
export type DemoOversightCounts = {
  rounds: number;
  problems: number;
  closedProblems: number;
  measures: number;
  runs: number;
  warnings: number;
  disposedWarnings: number;
};

type Db = Kysely<DB>;

const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

const INSPECTORS = ['李振华', '王淑芬', '赵立新', '刘海燕', '陈国栋', '杨丽娟', '孙建军', '周文静'];
const LEADERS = ['张卫东', '马春梅', '张卫东', '马春梅'];

/** Findings by category, as written in 督导 notes (problem descriptions of the source reports' kind). */
const FINDINGS: Readonly<Record<ProblemCategory, readonly string[]>> = {
  policy: [
    '贫困患者住院目录外用药未签订知情同意书',
    '先诊疗后付费政策公示不到位，患者不知晓',
    '“一家一个明白人”政策宣传未全覆盖，部分户不了解报销政策',
    '大病专项救治对象未按“四定”要求确定定点医院',
  ],
  contract: [
    '家庭医生签约协议未由本人签字，代签现象突出',
    '签约服务包约定的年度健康体检未落实',
    '重点人群签约后未按约定提供上门随访服务',
    '签约到期未及时续签，存在服务空档',
  ],
  follow_up: [
    '高血压患者随访记录缺少血压测量值',
    '糖尿病患者季度随访不足4次，随访记录不连续',
    '严重精神障碍患者随访危险性评估未填写',
    '随访记录与实际入户情况不符，存在补记现象',
  ],
  settlement: [
    '一站式结算窗口未公示结算流程和报销比例',
    '住院自付比例超过10%，超出部分未按规定由医疗机构承担',
    '结算单据未单独归档，无法追溯报销明细',
    '医疗救助未实现同步结算，患者需另行申请',
  ],
  records: [
    '一人一档资料不全，患病人员仅记录1至2种疾病',
    '签约档案未按村、按类别编号归档',
    '因病致贫户救治台账未及时动态更新',
    '核准患病入户确认记录缺少户主签字',
  ],
  other: ['村卫生室未张贴健康扶贫政策明白卡', '乡镇健康扶贫工作专班人员调整后未及时报备'],
};

const CATEGORY_WEIGHTS: readonly (readonly [ProblemCategory, number])[] = [
  ['policy', 18],
  ['contract', 24],
  ['follow_up', 24],
  ['settlement', 12],
  ['records', 18],
  ['other', 4],
];
const SEVERITY_WEIGHTS: readonly (readonly [ProblemSeverity, number])[] = [
  ['general', 62],
  ['major', 30],
  ['serious', 8],
];
/** Problems about one household or person (the rest concern a unit's work). */
const HOUSEHOLD_CATEGORIES: readonly ProblemCategory[] = ['contract', 'follow_up', 'settlement', 'records'];

const REMEDIES: Readonly<Record<ProblemCategory, readonly string[]>> = {
  policy: ['已补签知情同意书并组织医务人员专题培训', '已在住院处、村卫生室公示政策并入户宣传'],
  contract: ['已入户核实并由本人补签协议，履约记录补录完整', '已补做年度体检并录入系统'],
  follow_up: ['已入户补测血压血糖并规范填写随访表', '已按季度补齐随访，建立随访提醒台账'],
  settlement: ['已在结算窗口公示流程及报销比例', '已由医院承担超出部分并退还患者'],
  records: ['已补齐档案资料并按村按类别重新编号归档', '已更新救治台账并由户主签字确认'],
  other: ['已张贴政策明白卡并拍照留存', '已报备并调整工作专班名单'],
};
const RETURN_REASONS = ['佐证材料不全，缺少签字照片', '抽查3户仍有问题，整改不彻底', '未附整改前后对比材料'];

type Township = { code: string; name: string; villages: { code: string; name: string }[] };
type HouseholdRef = { id: number; village_code: string; person_id: number | null };

async function loadTownships(db: Db, countyCode: string): Promise<Township[]> {
  const rows = await db
    .selectFrom('region as t')
    .leftJoin('region as v', 'v.parent_code', 't.code')
    .select(['t.code as code', 't.name as name', 'v.code as village_code', 'v.name as village_name'])
    .where('t.parent_code', '=', `${countyCode}000000`)
    .where('t.level', '=', 'township')
    .orderBy('t.code')
    .orderBy('v.code')
    .execute();
  const byCode = new Map<string, Township>();
  for (const row of rows) {
    const township = byCode.get(row.code) ?? { code: row.code, name: row.name, villages: [] };
    byCode.set(row.code, township);
    if (row.village_code && row.village_name) {
      township.villages.push({
        code: row.village_code,
        name: row.village_name.replace(/村民委员会$|居民委员会$/, ''),
      });
    }
  }
  return [...byCode.values()];
}

// ------------------------------------------------------------------ supervision

type RoundPlan = {
  kind: 'quarterly' | 'special';
  quarter: number | null;
  start: IsoDate;
  end: IsoDate;
  name?: string;
};

function roundPlans(year: number): RoundPlan[] {
  return [
    { kind: 'quarterly', quarter: 1, start: `${year}-03-09`, end: `${year}-03-20` },
    { kind: 'quarterly', quarter: 2, start: `${year}-06-08`, end: `${year}-06-19` },
    {
      kind: 'special',
      quarter: null,
      start: `${year}-07-13`,
      end: `${year}-07-17`,
      name: `${year}年“一站式”结算和先诊疗后付费专项督导`,
    },
    { kind: 'quarterly', quarter: 3, start: `${year}-09-07`, end: `${year}-09-18` },
    { kind: 'quarterly', quarter: 4, start: `${year}-12-07`, end: `${year}-12-18` },
  ];
}

type Step = { to: ProblemStatus; date: IsoDate; note: string | null; by: string };

/** The rectification history of one problem up to `asOf`, produced by the domain's status machine. */
function rectify(
  random: Random,
  problem: {
    category: ProblemCategory;
    foundOn: IsoDate;
    deadline: IsoDate;
    unit: string;
    inspector: string;
  },
  asOf: IsoDate,
): {
  steps: Step[];
  status: ProblemStatus;
  statusDate: IsoDate;
  closedOn: IsoDate | null;
  rectification: string | null;
} {
  let state = { status: 'pending' as ProblemStatus, statusDate: problem.foundOn };
  let closedOn: IsoDate | null = null;
  let rectification: string | null = null;
  const steps: Step[] = [];
  const stuck = random.chance(0.07);
  const slow = random.chance(0.15);
  const remedy = random.pick(REMEDIES[problem.category]);
  const plan: {
    to: ProblemStatus;
    after: number;
    note: string | null;
    role: 'township' | 'county';
    by: string;
  }[] = [
    {
      to: 'rectifying',
      after: random.int(1, 6),
      note: '制定整改方案，明确责任人和时限',
      role: 'township',
      by: problem.unit,
    },
  ];
  if (!stuck) {
    const span = random.int(5, 30) * (slow ? 2 : 1);
    plan.push({ to: 'awaiting_acceptance', after: span, note: remedy, role: 'township', by: problem.unit });
    if (random.chance(0.14)) {
      plan.push({
        to: 'rectifying',
        after: random.int(2, 8),
        note: random.pick(RETURN_REASONS),
        role: 'county',
        by: problem.inspector,
      });
      plan.push({
        to: 'awaiting_acceptance',
        after: random.int(4, 15),
        note: `${remedy}，已补充佐证材料`,
        role: 'township',
        by: problem.unit,
      });
    }
    plan.push({
      to: 'closed',
      after: random.int(2, 10),
      note: '经现场复核，整改到位，予以销号',
      role: 'county',
      by: problem.inspector,
    });
  }
  for (const step of plan) {
    const date = addDays(state.statusDate, step.after);
    if (date > asOf) {
      break;
    }
    const result = transitionProblem(state, { to: step.to, date, note: step.note, actorRole: step.role });
    if (!result.ok) {
      throw new Error(`demo rectification: ${result.error.message}`);
    }
    state = { status: result.value.status, statusDate: result.value.statusDate };
    closedOn = result.value.closedOn ?? closedOn;
    if (result.value.status === 'awaiting_acceptance') {
      rectification = result.value.note;
    }
    steps.push({
      to: result.value.status,
      date,
      note: `${result.value.action}：${result.value.note ?? ''}`.replace(/：$/, ''),
      by: step.by,
    });
  }
  return { steps, status: state.status, statusDate: state.statusDate, closedOn, rectification };
}

async function seedSupervision(
  db: Db,
  ctx: {
    random: Random;
    countyCode: string;
    asOf: IsoDate;
    townships: Township[];
    households: HouseholdRef[];
    countyUserId: number | null;
  },
) {
  const { random, countyCode, asOf, townships, countyUserId } = ctx;
  const year = Number(asOf.slice(0, 4));
  const householdsByVillage = new Map<string, HouseholdRef[]>();
  for (const h of ctx.households) {
    householdsByVillage.set(h.village_code, [...(householdsByVillage.get(h.village_code) ?? []), h]);
  }
  let serial = 0;
  let problems = 0;
  let closed = 0;
  const regionCodes = townships.map((t) => t.code);
  for (const [index, plan] of roundPlans(year).entries()) {
    const inspectors = plan.kind === 'special' ? INSPECTORS.slice(0, 4) : INSPECTORS;
    const round = await db
      .insertInto('sv_round')
      .values({
        county_code: countyCode,
        kind: plan.kind,
        year,
        quarter: plan.quarter,
        name: plan.name ?? defaultRoundName(year, plan.kind, plan.quarter),
        start_date: plan.start,
        end_date: plan.end,
        region_codes: regionCodes,
        inspectors,
        leader: LEADERS[index % LEADERS.length] ?? null,
        summary:
          plan.end < asOf
            ? `本轮督导分${plan.kind === 'special' ? '两' : '四'}个组分片包干，对全县${townships.length}个乡镇进行检查，发现的问题已列入问题清单，限期整改销号。`
            : null,
        created_by: countyUserId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (plan.start > asOf) {
      continue;
    }
    const rows: Insertable<SvProblemTable>[] = [];
    const histories: {
      problemNo: string;
      steps: Step[];
      foundOn: IsoDate;
      description: string;
      inspector: string;
    }[] = [];
    for (const township of townships) {
      const count =
        plan.kind === 'special'
          ? random.weighted([
              [0, 60],
              [1, 35],
              [2, 5],
            ] as const)
          : random.weighted([
              [0, 30],
              [1, 35],
              [2, 25],
              [3, 10],
            ] as const);
      for (let i = 0; i < count; i += 1) {
        const category: ProblemCategory =
          plan.kind === 'special' ? 'settlement' : random.weighted(CATEGORY_WEIGHTS);
        const severity = random.weighted(SEVERITY_WEIGHTS);
        const atVillage = township.villages.length > 0 && random.chance(0.7);
        const village = atVillage ? random.pick(township.villages) : null;
        const regionCode = village?.code ?? township.code;
        const candidates =
          village && HOUSEHOLD_CATEGORIES.includes(category)
            ? (householdsByVillage.get(village.code) ?? [])
            : [];
        const household = candidates.length > 0 && random.chance(0.5) ? random.pick(candidates) : null;
        const foundOn = addDays(plan.start, random.int(0, diffDays(plan.start, plan.end)));
        const deadline = addDays(foundOn, DEFAULT_RECTIFICATION_DAYS[severity]);
        const unit = village ? `${village.name}卫生室` : `${township.name}卫生院`;
        const inspector = random.pick(inspectors);
        const description = `${village ? `${village.name}：` : ''}${random.pick(FINDINGS[category])}`;
        const history = rectify(random, { category, foundOn, deadline, unit, inspector }, asOf);
        serial += 1;
        const problemNo = formatProblemNo(year, serial);
        rows.push({
          county_code: countyCode,
          problem_no: problemNo,
          round_id: round.id,
          source: 'round',
          region_code: regionCode,
          household_id: household?.id ?? null,
          person_id: household?.person_id ?? null,
          category,
          description,
          severity,
          responsible_unit: unit,
          responsible_person: null,
          found_on: foundOn,
          deadline,
          status: history.status,
          status_date: history.statusDate,
          closed_on: history.closedOn,
          rectification: history.rectification,
          created_by: countyUserId,
        });
        histories.push({ problemNo, steps: history.steps, foundOn, description, inspector });
        problems += 1;
        closed += history.closedOn ? 1 : 0;
      }
    }
    if (rows.length === 0) {
      continue;
    }
    const inserted = await db.insertInto('sv_problem').values(rows).returning(['id', 'problem_no']).execute();
    const idOf = new Map(inserted.map((r) => [r.problem_no, r.id]));
    const events = histories.flatMap((h) => {
      const problemId = idOf.get(h.problemNo) as number;
      let from: ProblemStatus = 'pending';
      const created = {
        county_code: countyCode,
        problem_id: problemId,
        kind: 'created' as const,
        from_status: null,
        to_status: 'pending',
        event_date: h.foundOn,
        note: `登记问题：${h.description}`,
        by_user: countyUserId,
        by_name: h.inspector,
      };
      return [
        created,
        ...h.steps.map((s) => {
          const event = {
            county_code: countyCode,
            problem_id: problemId,
            kind: 'status' as const,
            from_status: from,
            to_status: s.to,
            event_date: s.date,
            note: s.note,
            by_user: null,
            by_name: s.by,
          };
          from = s.to;
          return event;
        }),
      ];
    });
    for (let i = 0; i < events.length; i += 500) {
      await db
        .insertInto('sv_problem_event')
        .values(events.slice(i, i + 500))
        .execute();
    }
  }
  return { rounds: roundPlans(year).length, problems, closed };
}

// ------------------------------------------------------------------ early warning

/** Demo rule set of the county. The amounts are demo figures in fen, not the province's official standards. */
function demoRules(year: number): TWarningRules {
  return {
    ...DEFAULT_WARNING_RULES,
    highExpense: {
      enabled: true,
      shareBp: 5_000,
      incomeBase: [
        { year: year - 2, amountFen: 1_966_000 },
        { year: year - 1, amountFen: 2_086_000 },
      ],
    },
    lowIncome: {
      enabled: true,
      lines: [
        { year: year - 2, amountFen: 450_000 },
        { year: year - 1, amountFen: 470_000 },
      ],
      skipMonitoredAtRisk: true,
    },
  };
}

const MEASURE_BY_RULE: Readonly<Record<string, readonly AssistanceMeasure[]>> = {
  high_expense: ['medical_assistance', 'critical_illness_tilt', 'include_monitoring'],
  low_income: ['include_monitoring', 'temporary_assistance'],
  monitored_no_measure: ['temporary_assistance', 'family_doctor', 'medical_assistance'],
  major_waiting: ['major_disease_treatment'],
};
const EXCLUSION_REASONS: Readonly<Record<string, readonly string[]>> = {
  high_expense: [
    '入户核实：费用已由商业补充保险赔付，实际负担未超标',
    '患者家庭有稳定务工收入，经评议无返贫风险',
  ],
  low_income: ['入户核实：务工收入漏报，实际人均收入高于监测标准', '已于当年识别为低保户，由民政部门兜底'],
  monitored_no_measure: ['已落实产业帮扶措施（由乡村振兴部门登记），非医疗类措施'],
  major_waiting: ['患者本人暂不同意手术，已签署说明并定期随访', '患者已在省级医院治疗，本县台账待更新'],
};
const PAID: readonly AssistanceMeasure[] = ['medical_assistance', 'temporary_assistance'];

function measuresFor(
  random: Random,
  rule: string,
  facts: Record<string, unknown>,
  date: IsoDate,
): TAssistanceMeasureInput[] {
  const options = MEASURE_BY_RULE[rule] ?? ['other'];
  const first = random.pick(options);
  const picked =
    random.chance(0.35) && options.length > 1
      ? [first, options.find((o) => o !== first) as AssistanceMeasure]
      : [first];
  return picked.map((measure) => {
    const oop = typeof facts.outOfPocketFen === 'number' ? facts.outOfPocketFen : 0;
    const amountFen = PAID.includes(measure)
      ? measure === 'medical_assistance' && oop > 0
        ? Math.round((oop * random.int(20, 60)) / 100)
        : random.int(10, 50) * 10_000
      : null;
    return { measure, date, amountFen, note: null };
  });
}

async function handleNewWarnings(
  db: Db,
  ctx: {
    random: Random;
    countyCode: string;
    asOf: IsoDate;
    runId: number;
    townshipUnit: (village: string) => string;
  },
): Promise<{ disposed: number; measures: number }> {
  const { random, countyCode, asOf, runId } = ctx;
  const fresh = await db
    .selectFrom('ew_warning')
    .select([
      'id',
      'rule_code',
      'raised_on',
      'status',
      'status_date',
      'village_code',
      'household_id',
      'person_id',
      'facts',
    ])
    .where('county_code', '=', countyCode)
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
  let disposed = 0;
  let measureCount = 0;
  const events: Insertable<EwWarningEventTable>[] = [];
  const measureRows: Insertable<EwMeasureTable>[] = [];
  for (const w of fresh) {
    const by = ctx.townshipUnit(w.village_code);
    const outcome = random.weighted([
      ['handled', 70],
      ['excluded', 14],
      ['handling', 8],
      ['pending', 8],
    ] as const);
    if (outcome === 'pending') {
      continue;
    }
    let state = { status: 'pending' as WarningStatus, statusDate: w.raised_on };
    const plan: { to: WarningStatus; after: number }[] =
      outcome === 'handling'
        ? [{ to: 'handling', after: random.int(2, 10) }]
        : random.chance(0.5)
          ? [
              { to: 'handling', after: random.int(1, 7) },
              { to: outcome, after: random.int(3, 25) },
            ]
          : [{ to: outcome, after: random.int(3, 30) }];
    for (const step of plan) {
      const date = addDays(state.statusDate, step.after);
      if (date > asOf) {
        break;
      }
      const measures =
        step.to === 'handled'
          ? measuresFor(random, w.rule_code, (w.facts ?? {}) as Record<string, unknown>, date)
          : [];
      const reason =
        step.to === 'excluded'
          ? random.pick(EXCLUSION_REASONS[w.rule_code] ?? ['入户核实后排除'])
          : step.to === 'handling'
            ? '已安排入户核实，研究帮扶措施'
            : null;
      const result = transitionWarning(state, { to: step.to, date, reason, measures });
      if (!result.ok) {
        throw new Error(`demo warning handling: ${result.error.message}`);
      }
      const next = result.value;
      await db
        .updateTable('ew_warning')
        .set({
          status: next.status,
          status_date: next.statusDate,
          disposed_on: next.disposedOn,
          reason: next.reason,
        })
        .where('county_code', '=', countyCode)
        .where('id', '=', w.id)
        .execute();
      events.push({
        county_code: countyCode,
        warning_id: w.id,
        kind: 'status',
        from_status: state.status,
        to_status: next.status,
        event_date: next.statusDate,
        note: next.reason ?? (measures.length > 0 ? '已落实帮扶措施' : null),
        by_user: null,
        by_name: by,
      });
      for (const m of next.measures) {
        measureRows.push({
          county_code: countyCode,
          household_id: w.household_id,
          person_id: w.person_id,
          village_code: w.village_code,
          warning_id: w.id,
          measure: m.measure,
          measure_date: m.date,
          amount_fen: m.amountFen ?? null,
          note: m.note ?? null,
          by_user: null,
          by_name: by,
        });
      }
      if (next.disposedOn) {
        disposed += 1;
      }
      state = { status: next.status, statusDate: next.statusDate };
    }
  }
  for (let i = 0; i < events.length; i += 500) {
    await db
      .insertInto('ew_warning_event')
      .values(events.slice(i, i + 500))
      .execute();
  }
  for (let i = 0; i < measureRows.length; i += 500) {
    await db
      .insertInto('ew_measure')
      .values(measureRows.slice(i, i + 500))
      .execute();
    measureCount += Math.min(500, measureRows.length - i);
  }
  return { disposed, measures: measureCount };
}

/** Month ends of the year up to `asOf`, and `asOf` itself: the nightly job's runs the demo replays. */
function runDates(asOf: IsoDate): IsoDate[] {
  const year = Number(asOf.slice(0, 4));
  const dates: IsoDate[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const end = addDays(
      `${month === 12 ? year + 1 : year}-${String(month === 12 ? 1 : month + 1).padStart(2, '0')}-01`,
      -1,
    );
    if (end >= asOf) {
      break;
    }
    dates.push(end);
  }
  return [...dates, asOf];
}

async function seedEarlyWarning(
  db: Db,
  ctx: {
    random: Random;
    countyCode: string;
    asOf: IsoDate;
    townships: Township[];
    countyUserId: number | null;
  },
) {
  const { random, countyCode, asOf, countyUserId } = ctx;
  const year = Number(asOf.slice(0, 4));
  await db
    .insertInto('ew_rule_set')
    .values({
      region_code: `${countyCode}000000`,
      version: 1,
      name: `${year}年防止因病致贫返贫监测预警规则`,
      effective_from: `${year}-01-01`,
      body: JSON.stringify(demoRules(year)),
      note: '演示数据：农村居民人均可支配收入和监测收入标准为示例金额，正式使用须按省定当年标准配置。',
      created_by: countyUserId,
      created_by_name: '县卫健局业务员',
    })
    .execute();

  // Assistance for most monitored households within weeks of identification (the rest will be warned about).
  const monitored = await sql<{
    household_id: number;
    village_code: string;
    identified_on: string;
    person_id: number;
  }>`
    SELECT h.id AS household_id, h.village_code, min(c.valid_from)::text AS identified_on, min(p.id) AS person_id
    FROM household h
    JOIN person p ON p.county_code = h.county_code AND p.household_id = h.id
    JOIN person_category c ON c.county_code = p.county_code AND c.person_id = p.id AND c.category = 'monitored'
    WHERE h.county_code = ${countyCode} AND h.monitoring_type IS NOT NULL
    GROUP BY h.id, h.village_code ORDER BY h.id`.execute(db);
  const townshipName = new Map(ctx.townships.map((t) => [t.code.slice(0, 9), t.name]));
  const unit = (village: string) => `${townshipName.get(village.slice(0, 9)) ?? ''}卫生院`;
  const proactive = monitored.rows.flatMap((m) => {
    if (!random.chance(0.86)) {
      return [];
    }
    const date = minDate(addDays(m.identified_on, random.int(3, 26)), asOf);
    const measure = random.weighted([
      ['include_monitoring', 30],
      ['family_doctor', 25],
      ['temporary_assistance', 20],
      ['medical_assistance', 15],
      ['other', 10],
    ] as const);
    return [
      {
        county_code: countyCode,
        household_id: m.household_id,
        person_id: null,
        village_code: m.village_code,
        warning_id: null,
        measure,
        measure_date: date,
        amount_fen: PAID.includes(measure) ? random.int(5, 40) * 10_000 : null,
        note: measure === 'other' ? '落实产业、就业帮扶（乡村振兴部门）' : null,
        by_user: null,
        by_name: unit(m.village_code),
      },
    ];
  });
  for (let i = 0; i < proactive.length; i += 500) {
    await db
      .insertInto('ew_measure')
      .values(proactive.slice(i, i + 500))
      .execute();
  }

  const ruleSets = await loadRuleSets(db);
  let warnings = 0;
  let disposed = 0;
  let measures = proactive.length;
  const dates = runDates(asOf);
  for (const date of dates) {
    const run = await db
      .insertInto('ew_run')
      .values({
        region_code: `${countyCode}000000`,
        as_of: date,
        trigger: 'schedule',
        status: 'running',
        total_steps: 1,
        started_by_name: SYSTEM_RUN_ACTOR.displayName,
        started_at: new Date(`${date}T01:30:00+08:00`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const step = await evaluateStep(db, {
      scope: { countyCode, prefix: countyCode, asOf: date },
      ruleSets,
      runId: run.id,
      actor: SYSTEM_RUN_ACTOR,
    });
    await db
      .updateTable('ew_run')
      .set({
        status: 'succeeded',
        counts: JSON.stringify({ raised: step.raised, refreshed: step.refreshed, byRule: step.tally }),
        skipped: JSON.stringify(step.skipped),
        finished_at: `${date}T01:31:00+08:00`,
      })
      .where('id', '=', run.id)
      .execute();
    warnings += step.raised;
    const handled = await handleNewWarnings(db, {
      random,
      countyCode,
      asOf,
      runId: run.id,
      townshipUnit: unit,
    });
    disposed += handled.disposed;
    measures += handled.measures;
  }
  return { runs: dates.length, warnings, disposed, measures };
}

/** Seeds the supervision and early-warning demo once (null when the county already has rounds or no people). */
export async function seedDemoOversightIfEmpty(
  db: Db,
  countyCode: string,
  options: DemoOversightOptions = {},
): Promise<DemoOversightCounts | null> {
  const existing = await db
    .selectFrom('sv_round')
    .select('id')
    .where('county_code', '=', countyCode)
    .limit(1)
    .executeTakeFirst();
  const anyPerson = await db
    .selectFrom('person')
    .select('id')
    .where('county_code', '=', countyCode)
    .limit(1)
    .executeTakeFirst();
  if (existing || !anyPerson) {
    return null;
  }
  const asOf = options.asOf ?? DEMO_POPULATION_DEFAULTS.asOf;
  const random = createRandom((options.seed ?? DEMO_POPULATION_DEFAULTS.seed) + 1270);
  const countyUser = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'county')
    .executeTakeFirst();
  const countyUserId = countyUser?.id ?? null;
  const townships = await loadTownships(db, countyCode);
  const households = (
    await sql<HouseholdRef>`
      SELECT h.id, h.village_code,
        (SELECT p.id FROM person p WHERE p.county_code = h.county_code AND p.household_id = h.id ORDER BY p.id LIMIT 1) AS person_id
      FROM household h WHERE h.county_code = ${countyCode} ORDER BY h.id`.execute(db)
  ).rows;
  const supervision = await seedSupervision(db, {
    random,
    countyCode,
    asOf,
    townships,
    households,
    countyUserId,
  });
  const warning = await seedEarlyWarning(db, { random, countyCode, asOf, townships, countyUserId });
  return {
    rounds: supervision.rounds,
    problems: supervision.problems,
    closedProblems: supervision.closed,
    measures: warning.measures,
    runs: warning.runs,
    warnings: warning.warnings,
    disposedWarnings: warning.disposed,
  };
}
