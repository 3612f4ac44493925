import { QINGLONG_2024_POLICY } from '@healthaid/domain';
import { describe, expect, it } from 'vitest';
import {
  describeSelfPayCap,
  describeTreatFirstPayLater,
  type IdentityPolicy,
} from './identity-check-benefits.ts';

const POLICY: IdentityPolicy = {
  id: 1,
  code: QINGLONG_2024_POLICY.id,
  name: QINGLONG_2024_POLICY.name,
  version: QINGLONG_2024_POLICY.version,
  treatFirstPayLater: QINGLONG_2024_POLICY.treatFirstPayLater,
  selfPayCap: QINGLONG_2024_POLICY.selfPayCap,
};

describe('identity check: 先诊疗后付费 and the self-pay cap from the policy set', () => {
  it.each([
    [['poor_registered'], true, true],
    [['tekun'], true, true],
    [['dibao', 'monitored'], true, true],
    [['poverty_exited'], false, false],
    [['monitored'], false, false],
    [[], false, false],
  ])('categories %j → treat-first-pay-later %s, self-pay cap %s (青龙 2024)', (categories, tfpl, cap) => {
    expect(describeTreatFirstPayLater(POLICY, categories).applies).toBe(tfpl);
    expect(describeSelfPayCap(POLICY, categories).applies).toBe(cap);
  });

  it('explains the scope in Chinese when it applies', () => {
    const tfpl = describeTreatFirstPayLater(POLICY, ['tekun']);
    expect(tfpl.levels).toEqual(['township', 'county']);
    expect(tfpl.description).toBe(
      '在乡镇、县级医疗机构住院免交押金，先诊疗后付费（意外伤害、交通事故、打架斗殴、中毒、异地参保除外）',
    );
    const cap = describeSelfPayCap(POLICY, ['tekun']);
    expect(cap.levels).toEqual([
      { level: 'township', capRateBp: 500 },
      { level: 'county', capRateBp: 1_000 },
    ]);
    expect(cap.description).toBe(
      '住院个人自付不超过总费用的 乡镇 5.00%、县级 10.00%，超出部分由县级健康扶贫兜底保障资金承担',
    );
  });

  it('says so when no policy is published for the date, or the policy has no such rule', () => {
    expect(describeTreatFirstPayLater(null, ['tekun'])).toMatchObject({
      applies: false,
      description: '该日期本地区没有已发布的结算政策',
    });
    const bare = { ...POLICY, treatFirstPayLater: null, selfPayCap: null };
    expect(describeTreatFirstPayLater(bare, ['tekun']).description).toBe('本地区适用政策未实行先诊疗后付费');
    expect(describeSelfPayCap(bare, ['tekun']).description).toBe('本地区适用政策未设个人自付上限');
  });
});
