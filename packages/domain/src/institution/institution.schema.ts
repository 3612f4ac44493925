/**
 * Medical institutions (医疗机构): the reference list every module resolves institution codes against
 * (settlement windows, hospital clerks' accounts, designated hospitals of the treatment ledger, referrals).
 *
 * - The code is the institution's stable key: upper-case letters and digits, 4–32 characters
 *   (the demo county hospital is H130321001). It never changes once created.
 * - The level is one of the six registry levels (INSTITUTION_LEVELS); the settlement engine maps it to
 *   its four hospital levels with settlementLevelOf.
 * - `type` is free classification data (综合医院, 中医医院, 卫生院 …) [M]: lists differ by province.
 * - `designatedDiseases` lists disease-catalogue item codes ('gastric-cancer') the institution is a
 *   designated hospital (定点救治医院) for.
 */
import { z } from 'zod';
import { INSTITUTION_LEVELS } from '../disease/institution-standardisation.ts';

export const INSTITUTION_CODE_PATTERN = /^[A-Z0-9]{4,32}$/;

export const ZInstitutionCode = z
  .string()
  .trim()
  .regex(INSTITUTION_CODE_PATTERN, { error: '机构编码应为4到32位大写字母或数字（如 H130321001）' });

/** Common institution types [M]; other values are allowed. */
export const INSTITUTION_TYPES: readonly string[] = [
  '综合医院',
  '中医医院',
  '专科医院',
  '妇幼保健院',
  '乡镇卫生院',
  '社区卫生服务中心',
  '村卫生室',
  '疾病预防控制中心',
];

export const ZDiseaseItemCode = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: '定点病种编码只能由小写字母、数字和连字符组成' });

export const ZInstitutionInput = z.object({
  code: ZInstitutionCode,
  name: z.string().trim().min(2, { error: '机构名称至少2个字' }).max(60, { error: '机构名称不能超过60个字' }),
  level: z.enum(INSTITUTION_LEVELS, { error: '机构级别不正确' }),
  type: z.string().trim().max(30, { error: '机构类型不能超过30个字' }).nullable().optional(),
  /** 12-digit code of the region the institution lies in (a township for a health centre, a village for a clinic). */
  regionCode: z.string().regex(/^\d{12}$/, { error: '所在区域应为12位行政区划代码' }),
  address: z.string().trim().max(100, { error: '地址不能超过100个字' }).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{0,20}$/, { error: '联系电话只能包含数字、空格和 + - ( )' })
    .nullable()
    .optional(),
  designatedDiseases: z.array(ZDiseaseItemCode).max(100).default([]),
  isActive: z.boolean().default(true),
});
export type TInstitutionInput = z.infer<typeof ZInstitutionInput>;

/** Chinese problems of an institution's level and region that the schema cannot see. */
export function checkInstitutionPlacement(input: Pick<TInstitutionInput, 'level' | 'regionCode'>): string[] {
  const { level, regionCode } = input;
  const isVillage = !regionCode.endsWith('000');
  const isTownshipOrBelow = !regionCode.endsWith('000000');
  if (level === 'village_clinic' && !isVillage) {
    return ['村卫生室的所在区域必须是一个村（12位代码的最后3位不为000）'];
  }
  if ((level === 'township_health_centre' || level === 'community_health_centre') && !isTownshipOrBelow) {
    return ['乡镇卫生院和社区卫生服务中心的所在区域必须是乡镇（街道）或村'];
  }
  return [];
}
