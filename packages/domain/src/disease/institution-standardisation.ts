/**
 * Standardisation checklist for primary-care institutions (标准化村卫生室 / 乡镇卫生院).
 *
 * Village clinic thresholds: building area ≥ 60 m² and 诊断室/治疗室/观察室/药房 四室分开, staffed by a
 * village doctor [V S1a]. The equipment list and every township threshold are [M]; counties may pass
 * their own rules (STANDARDISATION_RULES is the default).
 */
import { z } from 'zod';
import { type Bp, ratioBp } from '../money/fen.ts';

export const INSTITUTION_LEVELS = [
  'village_clinic',
  'township_health_centre',
  'community_health_centre',
  'county',
  'city',
  'province',
] as const;
export type InstitutionLevel = (typeof INSTITUTION_LEVELS)[number];

export const INSTITUTION_LEVEL_LABELS: Readonly<Record<InstitutionLevel, string>> = {
  village_clinic: '村卫生室',
  township_health_centre: '乡镇卫生院',
  community_health_centre: '社区卫生服务中心',
  county: '县级医疗机构',
  city: '市级医疗机构',
  province: '省级医疗机构',
};

/** [M] Basic equipment of a village clinic (基本医疗和公共卫生两大类设备). */
export const BASIC_EQUIPMENT_VILLAGE: readonly string[] = [
  '听诊器',
  '血压计',
  '体温计',
  '血糖仪',
  '身高体重计',
  '出诊箱',
  '消毒设备',
  '紫外线灯',
  '药品柜',
  '诊桌诊椅',
  '观察床',
];

/** [M] Basic equipment of a township health centre. */
export const BASIC_EQUIPMENT_TOWNSHIP: readonly string[] = [
  '心电图机',
  'B超',
  'X光机',
  '血细胞分析仪',
  '尿液分析仪',
  '生化分析仪',
  '除颤仪',
  '洗胃机',
  '供氧设备',
  '救护车',
];

export type TStandardisationRule = {
  minAreaM2: number;
  isFourRoomsRequired: boolean;
  minDoctorsInPost: number;
  requiredEquipment: readonly string[];
};

export const STANDARDISATION_RULES: Readonly<Partial<Record<InstitutionLevel, TStandardisationRule>>> = {
  village_clinic: {
    minAreaM2: 60,
    isFourRoomsRequired: true,
    minDoctorsInPost: 1,
    requiredEquipment: BASIC_EQUIPMENT_VILLAGE,
  },
  township_health_centre: {
    minAreaM2: 300,
    isFourRoomsRequired: false,
    minDoctorsInPost: 2,
    requiredEquipment: BASIC_EQUIPMENT_TOWNSHIP,
  },
};

export const ZStandardisationInput = z.object({
  level: z.enum(INSTITUTION_LEVELS),
  areaM2: z.number().min(0, { error: '业务用房面积不能为负数' }),
  /** 诊断室、治疗室、观察室、药房 四室分开. */
  hasFourRoomsSeparated: z.boolean(),
  doctorsInPost: z.int().min(0, { error: '在岗医生人数不能为负数' }),
  equipment: z.array(z.string()),
});
export type TStandardisationInput = z.infer<typeof ZStandardisationInput>;

export type TStandardisationResult = { isStandard: boolean; failures: string[] };

function checkInputShape(input: TStandardisationInput): string[] {
  const failures: string[] = [];
  if (!Number.isFinite(input.areaM2) || input.areaM2 < 0) {
    failures.push(`业务用房面积“${input.areaM2}”无效：应为不小于0的数`);
  }
  if (!Number.isInteger(input.doctorsInPost) || input.doctorsInPost < 0) {
    failures.push(`在岗医生人数“${input.doctorsInPost}”无效：应为不小于0的整数`);
  }
  return failures;
}

function checkAgainstRule(input: TStandardisationInput, rule: TStandardisationRule, label: string): string[] {
  const failures: string[] = [];
  if (input.areaM2 < rule.minAreaM2) {
    failures.push(`业务用房面积${input.areaM2}㎡，低于${label}标准${rule.minAreaM2}㎡`);
  }
  if (rule.isFourRoomsRequired && !input.hasFourRoomsSeparated) {
    failures.push('诊断室、治疗室、观察室、药房未做到四室分开');
  }
  if (input.doctorsInPost < rule.minDoctorsInPost) {
    failures.push(`在岗医生${input.doctorsInPost}人，${label}至少需要${rule.minDoctorsInPost}人`);
  }
  const present = new Set(input.equipment.map((name) => name.trim()));
  const missing = rule.requiredEquipment.filter((name) => !present.has(name));
  if (missing.length > 0) {
    failures.push(`缺少基本设备：${missing.join('、')}`);
  }
  return failures;
}

/** Check an institution against the standard for its level; failures are Chinese, one per rule. */
export function evaluateStandardisation(
  input: TStandardisationInput,
  rules: Readonly<Partial<Record<InstitutionLevel, TStandardisationRule>>> = STANDARDISATION_RULES,
): TStandardisationResult {
  const label = INSTITUTION_LEVEL_LABELS[input.level];
  const rule = rules[input.level];
  if (rule === undefined) {
    return { isStandard: false, failures: [`机构级别：暂无“${label}”的标准化建设评估标准`] };
  }
  const shapeFailures = checkInputShape(input);
  const failures = shapeFailures.length > 0 ? shapeFailures : checkAgainstRule(input, rule, label);
  return { isStandard: failures.length === 0, failures };
}

export type TStandardisationRate = { standard: number; total: number; rateBp: Bp | null };

/** 标准化建设达标率: standard institutions over institutions evaluated, half-up in basis points. */
export function standardisationRateOf(
  results: Iterable<Pick<TStandardisationResult, 'isStandard'>>,
): TStandardisationRate {
  let standard = 0;
  let total = 0;
  for (const result of results) {
    total += 1;
    standard += result.isStandard ? 1 : 0;
  }
  return { standard, total, rateBp: ratioBp(standard, total) };
}
