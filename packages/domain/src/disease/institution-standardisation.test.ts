import { describe, expect, it } from 'vitest';
import {
  BASIC_EQUIPMENT_TOWNSHIP,
  BASIC_EQUIPMENT_VILLAGE,
  evaluateStandardisation,
  standardisationRateOf,
  type TStandardisationInput,
} from './institution-standardisation.ts';

const VILLAGE: TStandardisationInput = {
  level: 'village_clinic',
  areaM2: 60,
  hasFourRoomsSeparated: true,
  doctorsInPost: 1,
  equipment: [...BASIC_EQUIPMENT_VILLAGE],
};

describe('evaluateStandardisation', () => {
  it('accepts a village clinic exactly at the thresholds', () => {
    expect(evaluateStandardisation(VILLAGE)).toEqual({ isStandard: true, failures: [] });
  });

  it('lists every failed rule in Chinese', () => {
    const result = evaluateStandardisation({
      ...VILLAGE,
      areaM2: 59.5,
      hasFourRoomsSeparated: false,
      doctorsInPost: 0,
      equipment: BASIC_EQUIPMENT_VILLAGE.filter((name) => name !== '血糖仪' && name !== '观察床'),
    });
    expect(result).toEqual({
      isStandard: false,
      failures: [
        '业务用房面积59.5㎡，低于村卫生室标准60㎡',
        '诊断室、治疗室、观察室、药房未做到四室分开',
        '在岗医生0人，村卫生室至少需要1人',
        '缺少基本设备：血糖仪、观察床',
      ],
    });
  });

  it('checks township health centres against their own rule', () => {
    const township: TStandardisationInput = {
      level: 'township_health_centre',
      areaM2: 300,
      hasFourRoomsSeparated: false,
      doctorsInPost: 2,
      equipment: [...BASIC_EQUIPMENT_TOWNSHIP, '  听诊器 '],
    };
    expect(evaluateStandardisation(township).isStandard).toBe(true);
    expect(evaluateStandardisation({ ...township, doctorsInPost: 1 }).failures).toEqual([
      '在岗医生1人，乡镇卫生院至少需要2人',
    ]);
  });

  it('has no rule for county hospitals and rejects malformed figures', () => {
    expect(evaluateStandardisation({ ...VILLAGE, level: 'county' })).toEqual({
      isStandard: false,
      failures: ['机构级别：暂无“县级医疗机构”的标准化建设评估标准'],
    });
    expect(evaluateStandardisation({ ...VILLAGE, areaM2: Number.NaN, doctorsInPost: 1.5 }).failures).toEqual([
      '业务用房面积“NaN”无效：应为不小于0的数',
      '在岗医生人数“1.5”无效：应为不小于0的整数',
    ]);
  });

  it('accepts county-specific rules', () => {
    const rules = {
      village_clinic: {
        minAreaM2: 80,
        isFourRoomsRequired: true,
        minDoctorsInPost: 2,
        requiredEquipment: [],
      },
    };
    expect(evaluateStandardisation(VILLAGE, rules).failures).toEqual([
      '业务用房面积60㎡，低于村卫生室标准80㎡',
      '在岗医生1人，村卫生室至少需要2人',
    ]);
  });
});

describe('standardisationRateOf', () => {
  it('is standard over evaluated, in basis points', () => {
    expect(
      standardisationRateOf([{ isStandard: true }, { isStandard: false }, { isStandard: true }]),
    ).toEqual({
      standard: 2,
      total: 3,
      rateBp: 6667,
    });
    expect(standardisationRateOf([])).toEqual({ standard: 0, total: 0, rateBp: null });
  });
});
