import type { RegionLevel } from '../region-code/region-code.ts';

/**
 * The indicator catalogue: every figure HealthAid reports, defined once, in words and as a formula.
 * Codes are stable (used in report templates, URLs and exports); names and definitions are what a
 * bureau reads. The server binds each code to a query; the domain only defines and computes.
 */

/** count: a number of households/persons/records; ratio: numerator ÷ denominator in basis points; amount: fen. */
export type IndicatorKind = 'count' | 'ratio' | 'amount';

/**
 * point: a state at the end of the period (e.g. registered poor persons on `to`);
 * period: events inside [from, to] (e.g. settlements, follow-ups).
 */
export type PeriodSemantics = 'point' | 'period';

export type IndicatorModule =
  | 'registry'
  | 'disease'
  | 'chronic'
  | 'settlement'
  | 'screening'
  | 'support'
  | 'supervision';

export type IndicatorDefinition = {
  code: string;
  name: string;
  kind: IndicatorKind;
  /** Unit shown after the value: 户, 人, 人次, 元, 个, % … */
  unit: string;
  module: IndicatorModule;
  periodSemantics: PeriodSemantics;
  /** What is counted (the numerator of a ratio). */
  numerator: string;
  /** The base of a ratio; null for counts and amounts. */
  denominator: string | null;
  /** Definition in words, as printed under tables and in the report's provenance notes. */
  definition: string;
  formula: string;
  /** Region levels the indicator rolls up to (village … province). */
  levels: readonly RegionLevel[];
};

const ALL_LEVELS: readonly RegionLevel[] = ['village', 'township', 'county', 'city', 'province'];
const FROM_TOWNSHIP: readonly RegionLevel[] = ['township', 'county', 'city', 'province'];

function count(
  code: string,
  name: string,
  unit: string,
  module: IndicatorModule,
  periodSemantics: PeriodSemantics,
  numerator: string,
  definition: string,
  levels: readonly RegionLevel[] = ALL_LEVELS,
): IndicatorDefinition {
  return {
    code,
    name,
    kind: 'count',
    unit,
    module,
    periodSemantics,
    numerator,
    denominator: null,
    definition,
    formula: numerator,
    levels,
  };
}

function ratio(
  code: string,
  name: string,
  module: IndicatorModule,
  periodSemantics: PeriodSemantics,
  numerator: string,
  denominator: string,
  definition: string,
  levels: readonly RegionLevel[] = ALL_LEVELS,
): IndicatorDefinition {
  return {
    code,
    name,
    kind: 'ratio',
    unit: '%',
    module,
    periodSemantics,
    numerator,
    denominator,
    definition,
    formula: `${numerator} ÷ ${denominator} × 100%`,
    levels,
  };
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  // Registry (建档立卡 and 监测)
  count(
    'poor_households',
    '建档立卡户数',
    '户',
    'registry',
    'point',
    '期末有建档立卡贫困人口或脱贫人口的户数',
    '期末时点，户内至少一人具有“建档立卡贫困人口”或“脱贫人口”类别的户数。',
  ),
  count(
    'poor_persons',
    '建档立卡人数',
    '人',
    'registry',
    'point',
    '期末具有建档立卡贫困人口或脱贫人口类别的人数',
    '期末时点具有“建档立卡贫困人口”或“脱贫人口”类别、状态正常的人数。',
  ),
  count(
    'illness_poor_households',
    '因病致贫户数',
    '户',
    'registry',
    'point',
    '主要致贫原因为“因病”的建档立卡户数',
    '建档立卡户中主要致贫原因为“因病”的户数（期末时点）。',
  ),
  count(
    'illness_poor_persons',
    '因病致贫人数',
    '人',
    'registry',
    'point',
    '因病致贫户中状态正常的人数',
    '主要致贫原因为“因病”的建档立卡户的成员中，期末具有建档立卡类别且状态正常的人数。',
  ),
  ratio(
    'illness_poor_household_share',
    '因病致贫户占比',
    'registry',
    'point',
    '因病致贫户数',
    '建档立卡户数',
    '因病致贫户数占建档立卡户数的比例（期末时点）。',
  ),
  count(
    'monitored_households',
    '监测对象户数',
    '户',
    'registry',
    'point',
    '期末有监测对象的户数',
    '期末时点户内至少一人具有“监测对象”类别的户数。',
  ),
  count(
    'monitored_persons',
    '监测对象人数',
    '人',
    'registry',
    'point',
    '期末具有监测对象类别的人数',
    '期末时点具有“监测对象”类别、状态正常的人数。',
  ),
  // Disease verification and 三个一批
  ratio(
    'diagnosis_verification_rate',
    '核准率',
    'disease',
    'period',
    '期内已核准（含核准不患病）的诊断数',
    '期内登记的诊断数',
    '期内登记的诊断中已完成核准（已核准或核准不患病）的比例。',
  ),
  count(
    'major_disease_patients',
    '大病患者数',
    '人',
    'disease',
    'point',
    '期末纳入大病集中救治的患者人数',
    '期末时点有“大病集中救治”分类且已核准诊断的建档立卡及监测对象人数。',
  ),
  ratio(
    'major_disease_treatment_rate',
    '救治率',
    'disease',
    'point',
    '状态为救治中或已救治的大病救治病例数',
    '大病集中救治病例数（不含死亡、迁出）',
    '大病救治台账中已开始或完成救治的病例占应救治病例的比例。',
  ),
  // Primary-care institutions (医疗机构标准化建设)
  count(
    'standardised_village_clinics',
    '标准化村卫生室数',
    '个',
    'disease',
    'point',
    '期末最近一次核查达到标准化建设标准的村卫生室数',
    '启用的村卫生室中，期末以前最近一次标准化建设核查达标（业务用房≥60㎡、四室分开、有村医在岗、基本设备齐全）的个数。',
  ),
  ratio(
    'village_clinic_standardisation_rate',
    '标准化村卫生室率',
    'disease',
    'point',
    '期末最近一次核查达标的村卫生室数',
    '启用的村卫生室数',
    '启用的村卫生室中标准化建设核查达标的比例；未核查的按未达标计。',
  ),
  // Family doctors and chronic disease
  count(
    'contracted_persons',
    '签约人数',
    '人',
    'chronic',
    'point',
    '期末签约有效的建档立卡及监测对象人数',
    '期末时点家庭医生签约状态为“签约”或“续约”的建档立卡及监测对象人数。',
  ),
  ratio(
    'contract_rate',
    '签约率',
    'chronic',
    'point',
    '签约人数',
    '建档立卡及监测对象人数',
    '建档立卡及监测对象中家庭医生签约有效人数所占比例。',
  ),
  ratio(
    'fulfilment_rate',
    '履约率',
    'chronic',
    'period',
    '期内已履约的服务项目次数',
    '期内应履约的服务项目次数',
    '签约服务包中应提供的服务项目次数里，期内已提供（有履约记录）的比例。',
  ),
  ratio(
    'renewal_rate',
    '续签率',
    'chronic',
    'period',
    '期内到期后续签的合同数',
    '期内到期的合同数',
    '期内到期的签约合同中办理续约的比例。',
  ),
  count(
    'chronic_managed_persons',
    '慢病管理人数',
    '人',
    'chronic',
    'point',
    '期末纳入慢病随访管理的人数',
    '期末时点纳入高血压、2型糖尿病、严重精神障碍、肺结核等随访管理的人数。',
  ),
  ratio(
    'standard_management_rate',
    '规范管理率',
    'chronic',
    'period',
    '期内按规范完成随访的管理人数',
    '期内慢病管理人数',
    '按国家基本公共卫生服务规范，期内每季度至少面对面随访一次的患者所占比例。',
  ),
  ratio(
    'bp_control_rate',
    '血压控制率',
    'chronic',
    'period',
    '期内最近一次随访血压<140/90的高血压患者数',
    '期内有随访的高血压患者数',
    '以每名患者期内最近一次随访为准，血压控制满意（<140/90 mmHg）的比例。',
  ),
  ratio(
    'glucose_control_rate',
    '血糖控制率',
    'chronic',
    'period',
    '期内最近一次随访空腹血糖<7.0的糖尿病患者数',
    '期内有随访的2型糖尿病患者数',
    '以每名患者期内最近一次随访为准，空腹血糖<7.0 mmol/L 的比例。',
  ),
  ratio(
    'smi_standard_management_rate',
    '严重精神障碍规范管理率',
    'chronic',
    'period',
    '期内按规范随访的严重精神障碍患者数',
    '期内在管严重精神障碍患者数',
    '在管严重精神障碍患者中按规范完成随访（每年至少4次）的比例。',
  ),
  // One-stop settlement
  count(
    'one_stop_settlements',
    '一站式结算人次',
    '人次',
    'settlement',
    'period',
    '期内一站式结算的人次',
    '期内完成一站式结算（未冲销）的住院及门诊慢特病人次。',
    FROM_TOWNSHIP,
  ),
  {
    code: 'one_stop_settlement_amount',
    name: '一站式结算金额',
    kind: 'amount',
    unit: '元',
    module: 'settlement',
    periodSemantics: 'period',
    numerator: '期内一站式结算的基金支付总额',
    denominator: null,
    definition: '期内一站式结算中基本医保、大病保险、医疗救助及其他各层支付金额之和（未冲销）。',
    formula: 'Σ 各层支付金额',
    levels: FROM_TOWNSHIP,
  },
  count(
    'treat_first_pay_later',
    '先诊疗后付费人次',
    '人次',
    'settlement',
    'period',
    '期内享受先诊疗后付费的住院人次',
    '期内入院时免交押金、实行先诊疗后付费的住院人次。',
    FROM_TOWNSHIP,
  ),
  {
    code: 'deposit_waived_amount',
    name: '免收押金金额',
    kind: 'amount',
    unit: '元',
    module: 'settlement',
    periodSemantics: 'period',
    numerator: '期内先诊疗后付费免收的住院押金总额',
    denominator: null,
    definition: '期内先诊疗后付费住院人次按医院标准应收而免收的押金之和。',
    formula: 'Σ 免收押金',
    levels: FROM_TOWNSHIP,
  },
  ratio(
    'in_scope_reimbursement_ratio',
    '政策范围内补偿比',
    'settlement',
    'period',
    '期内政策范围内费用中基金支付金额',
    '期内政策范围内费用',
    '政策范围内医疗费用中由各项基金支付的比例。',
    FROM_TOWNSHIP,
  ),
  ratio(
    'compliant_self_pay_ratio',
    '住院合规费用自付比',
    'settlement',
    'period',
    '期内住院合规费用中个人自付金额',
    '期内住院合规费用',
    '住院合规（政策范围内）费用中个人自付部分所占比例。',
    FROM_TOWNSHIP,
  ),
  // Screening (两筛两癌, module screenings) and household support (入户帮扶, module household-support)
  ratio(
    'cervical_screening_rate',
    '宫颈癌筛查完成比率',
    'screening',
    'period',
    '期内完成宫颈癌筛查的35–64岁妇女人数（同一人同一年度只计一次）',
    '期内所含年度下达的宫颈癌筛查任务数',
    '“两癌”筛查中宫颈癌筛查完成数占任务数的比例，筛查对象为35–64岁妇女，农村和低保妇女优先。完成数按人计：同一人同一项目同一年度只计首次有效筛查（复查、召回不重复计）；任务数按乡镇、年度下达，期间跨年度时为所含各年度任务数之和（期间在一年之内即为截至期末的年度任务完成进度）。',
    FROM_TOWNSHIP,
  ),
  ratio(
    'breast_screening_rate',
    '乳腺癌筛查完成比率',
    'screening',
    'period',
    '期内完成乳腺癌筛查的35–64岁妇女人数（同一人同一年度只计一次）',
    '期内所含年度下达的乳腺癌筛查任务数',
    '“两癌”筛查中乳腺癌筛查完成数占任务数的比例，筛查对象为35–64岁妇女，农村和低保妇女优先。完成数按人计：同一人同一项目同一年度只计首次有效筛查（复查、召回不重复计）；任务数按乡镇、年度下达，期间跨年度时为所含各年度任务数之和（期间在一年之内即为截至期末的年度任务完成进度）。',
    FROM_TOWNSHIP,
  ),
  ratio(
    'prenatal_screening_rate',
    '孕妇血清学产前筛查完成比率',
    'screening',
    'period',
    '期内完成血清学产前筛查（早孕期9–13+6周或中孕期15–20+6周）的孕妇人数（同一人同一年度只计一次）',
    '期内所含年度下达的血清学产前筛查任务数',
    '“两筛”中孕妇血清学产前筛查完成数占任务数的比例。完成数按人计：同一人同一项目同一年度只计首次有效筛查（复查、召回不重复计）；任务数按乡镇、年度下达，期间跨年度时为所含各年度任务数之和（期间在一年之内即为截至期末的年度任务完成进度）。',
    FROM_TOWNSHIP,
  ),
  ratio(
    'prenatal_ultrasound_screening_rate',
    '产前超声筛查完成比率',
    'screening',
    'period',
    '期内完成产前超声（彩超）筛查（孕16–24+6周）的孕妇人数（同一人同一年度只计一次）',
    '期内所含年度下达的产前超声筛查任务数',
    '“两筛”中产前超声（胎儿系统彩超）筛查完成数占任务数的比例。完成数按人计：同一人同一项目同一年度只计首次有效筛查（复查、召回不重复计）；任务数按乡镇、年度下达，期间跨年度时为所含各年度任务数之和（期间在一年之内即为截至期末的年度任务完成进度）。',
    FROM_TOWNSHIP,
  ),
  ratio(
    'newborn_screening_rate',
    '新生儿遗传代谢病筛查完成比率',
    'screening',
    'period',
    '期内完成足跟血苯丙酮尿症和先天性甲状腺功能减低症筛查（出生72小时后、20天内）的新生儿人数（同一人同一年度只计一次）',
    '期内所含年度的活产数',
    '“两筛”中新生儿两病（苯丙酮尿症、先天性甲减）筛查完成数占活产数的比例。完成数按人计：同一人同一项目同一年度只计首次有效筛查（复查、召回不重复计）；任务数按乡镇、年度下达，期间跨年度时为所含各年度任务数之和（期间在一年之内即为截至期末的年度任务完成进度）。',
    FROM_TOWNSHIP,
  ),
  ratio(
    'newborn_hearing_screening_rate',
    '新生儿听力筛查完成比率',
    'screening',
    'period',
    '期内完成听力筛查（出生48小时后、42天内）的新生儿人数（同一人同一年度只计一次）',
    '期内所含年度的活产数',
    '“两筛”中新生儿听力筛查完成数占活产数的比例。完成数按人计：同一人同一项目同一年度只计首次有效筛查（复查、召回不重复计）；任务数按乡镇、年度下达，期间跨年度时为所含各年度任务数之和（期间在一年之内即为截至期末的年度任务完成进度）。',
    FROM_TOWNSHIP,
  ),
  count(
    'health_kits_distributed',
    '保健箱发放数',
    '个',
    'support',
    'period',
    '期内新发放给建档立卡及监测户的爱心保健箱个数',
    '期内登记“新发放”的爱心保健箱个数之和（按发放记录的数量累计，不含补充、更换药品，不含已作废的记录），按受领户所在村统计。',
  ),
  ratio(
    'visit_coverage_rate',
    '大走访覆盖率',
    'support',
    'period',
    '期内已入户走访（见到户内成员）的建档立卡及监测户数',
    '期末建档立卡及监测户数',
    '分母为期末户内至少一人具有建档立卡（含脱贫）或监测对象类别、状态正常的户；分子为其中期内至少一次入户走访且见到户内成员的户（家中无人的走访不计，作废的走访不计）。单个走访活动的覆盖率在“大走访”中按活动区域和期间查看。',
  ),
  ratio(
    'policy_awareness_rate',
    '政策知晓率',
    'support',
    'period',
    '期内政策知晓调查判定为“知晓”的户数',
    '期内接受政策知晓调查的户数',
    '入户走访时由户内一名成员回答《健康扶贫政策知晓情况调查表》；一户期内多次调查以最近一次为准。答对题数÷回答题数≥80%（且至少回答5题）判定为知晓。各题答对率在“政策知晓调查”中查看。',
  ),
  count(
    'standard_village_clinics',
    '标准化村卫生室数',
    '个',
    'supervision',
    'point',
    '期末达标的村卫生室数',
    '期末时点通过标准化建设验收的村卫生室个数。',
    FROM_TOWNSHIP,
  ),
  ratio(
    'standard_village_clinic_rate',
    '标准化村卫生室率',
    'supervision',
    'point',
    '标准化村卫生室数',
    '行政村数',
    '通过标准化验收的村卫生室占行政村数的比例。',
    FROM_TOWNSHIP,
  ),
  ratio(
    'rectification_rate',
    '问题整改率',
    'supervision',
    'period',
    '期内发现的问题中截至期末已验收销号的问题数',
    '期内发现并列入问题清单的问题数',
    '按问题所在乡镇或村统计：期内（按发现日期）经督导检查、上级反馈、日常监管或群众反映列入问题清单的问题中，截至期末已整改并验收销号（已销号）的比例。期末仍未销号的问题（不论何时发现）使该区域处于“未清零”状态。',
    FROM_TOWNSHIP,
  ),
  count(
    'relapse_warnings',
    '预警数',
    '条',
    'supervision',
    'period',
    '期内产生的因病返贫致贫风险预警数',
    '期内（按预警日期）由监测预警规则产生的风险预警条数，规则包括高额医疗费用、家庭收入低于监测标准、监测对象未落实帮扶措施、大病患者久未救治；同一对象同一期间的同一情形只计一条。按预警对象所在村统计。',
  ),
  ratio(
    'warning_handling_rate',
    '预警处置率',
    'supervision',
    'period',
    '期内产生的预警中截至期末已处置或核实排除的预警数',
    '期内产生的预警数',
    '期内产生的风险预警中，截至期末已处置（落实医疗救助、临时救助等帮扶措施）或经核实排除（注明原因）的比例。',
  ),
];

const BY_CODE = new Map(INDICATORS.map((d) => [d.code, d]));

export function findIndicator(code: string): IndicatorDefinition | undefined {
  return BY_CODE.get(code);
}

export const INDICATOR_MODULE_LABELS: Record<IndicatorModule, string> = {
  registry: '人口档案',
  disease: '疾病核准与救治',
  chronic: '家庭医生与慢病管理',
  settlement: '一站式结算',
  screening: '两筛两癌',
  support: '入户帮扶',
  supervision: '督导与预警',
};
