import { describe, expect, it } from 'vitest';
import { describePolicySetIssues, parsePolicySet } from './parse-policy-set.ts';
import { QINGLONG_2024_POLICY } from './policies/qinglong-130321.ts';
import { YANCHENG_2023_POLICY } from './policies/yancheng-3209.ts';
import { type TPolicySet, ZPolicySet } from './policy-set.schema.ts';

/** A deep copy through JSON, as a policy set arrives from the editor or the database. */
function asJson(value: TPolicySet): TPolicySet {
  return JSON.parse(JSON.stringify(value)) as TPolicySet;
}

describe('example policy sets', () => {
  it.each([
    ['青龙满族自治县', QINGLONG_2024_POLICY, '130321000000'],
    ['盐城市', YANCHENG_2023_POLICY, '320900000000'],
  ])('%s validates and survives a JSON round trip', (_name, policy, regionCode) => {
    const parsed = parsePolicySet(asJson(policy));
    expect(parsed).toEqual({ ok: true, policy });
    expect(policy.regionCode).toBe(regionCode);
    expect(ZPolicySet.parse(policy)).toEqual(policy);
  });
});

describe('policy set validation (Chinese messages naming the field)', () => {
  const issuesOf = (mutate: (policy: TPolicySet) => void) => {
    const policy = asJson(QINGLONG_2024_POLICY);
    mutate(policy);
    const parsed = parsePolicySet(policy);
    if (parsed.ok) {
      throw new Error('expected issues');
    }
    return parsed.issues;
  };

  it.each([
    {
      name: 'rate above 100 %',
      mutate: (p: TPolicySet) => {
        p.basicInsurance.rules[1]!.rateBp = 12_000;
      },
      issue: { path: 'basicInsurance.rules[1].rateBp', message: '比例不能超过 100%（10000 基点）' },
    },
    {
      name: 'money in yuan with decimals',
      mutate: (p: TPolicySet) => {
        p.criticalIllness!.deductibleFen = 15_000.5;
      },
      issue: { path: 'criticalIllness.deductibleFen', message: '金额必须是以分为单位的整数' },
    },
    {
      name: 'negative cap',
      mutate: (p: TPolicySet) => {
        p.medicalAssistance.rules[1]!.annualCapFen = -1;
      },
      issue: { path: 'medicalAssistance.rules[1].annualCapFen', message: '金额不能为负数' },
    },
    {
      name: 'duplicate basic rule',
      mutate: (p: TPolicySet) => {
        p.basicInsurance.rules.push(p.basicInsurance.rules[0]!);
      },
      issue: { path: 'basicInsurance.rules[10]', message: '基本医保参数重复：township/inpatient' },
    },
    {
      name: 'tiers with a gap',
      mutate: (p: TPolicySet) => {
        p.criticalIllness!.tiers[1]!.fromFen = 1;
      },
      issue: {
        path: 'criticalIllness.tiers[1].fromFen',
        message: '大病保险分段必须从 0 开始且首尾相接，此处应为 10000000',
      },
    },
    {
      name: 'period ends before it starts',
      mutate: (p: TPolicySet) => {
        p.effectiveTo = '2023-12-31';
      },
      issue: { path: 'effectiveTo', message: '失效日期不能早于生效日期' },
    },
    {
      name: 'impossible date',
      mutate: (p: TPolicySet) => {
        p.effectiveFrom = '2024-02-30';
      },
      issue: { path: 'effectiveFrom', message: '日期必须是真实存在的 YYYY-MM-DD 日期' },
    },
    {
      name: 'unknown hospital level',
      mutate: (p: TPolicySet) => {
        (p.selfPayCap!.levels[0] as { level: string }).level = 'village';
      },
      issue: {
        path: 'selfPayCap.levels[0].level',
        message: '取值无效，应为 township、county、city、province 之一',
      },
    },
    {
      name: 'missing field',
      mutate: (p: TPolicySet) => {
        Reflect.deleteProperty(p.medicalAssistance, 'base');
      },
      issue: { path: 'medicalAssistance.base', message: '缺少必填项' },
    },
    {
      name: 'reserved layer code',
      mutate: (p: TPolicySet) => {
        p.furtherLayers[0]!.code = 'basic_insurance';
      },
      issue: { path: 'furtherLayers[0].code', message: '层级编码“basic_insurance”为系统保留编码' },
    },
    {
      name: 'region code not 12 digits',
      mutate: (p: TPolicySet) => {
        p.regionCode = '130321';
      },
      issue: { path: 'regionCode', message: '行政区划代码必须是 12 位数字' },
    },
  ])('$name', ({ mutate, issue }) => {
    expect(issuesOf(mutate)).toContainEqual(issue);
  });

  it('formats issues as lines for the editor', () => {
    expect(describePolicySetIssues([{ path: 'version', message: '版本号必须是正整数' }])).toEqual([
      '政策参数 version：版本号必须是正整数',
    ]);
    const parsed = parsePolicySet(null);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(describePolicySetIssues(parsed.issues)[0]).toMatch(/^政策参数 （整体）：类型错误/);
    }
  });
});
