import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  campaignPhase,
  campaignScopeDate,
  type SupportVisitInput,
  summarizeNeeds,
  validateCampaign,
  validateKitDistribution,
  validateSupportVisit,
  visitCoverageBp,
} from './campaign.ts';

const CAMPAIGN = { name: '2026年春季健康扶贫大走访', startOn: '2026-03-01', endOn: '2026-06-30' };
const TODAY = '2026-11-01';

describe('campaigns', () => {
  it.each([
    [{ name: '大走访', startOn: '2026-03-01', endOn: '2026-06-30' }, []],
    [{ name: '大', startOn: '2026-03-01', endOn: '2026-06-30' }, ['活动名称应为2到60个字']],
    [
      { name: '大走访', startOn: '2026-03-01', endOn: '2026-02-28' },
      ['结束日期2026-02-28早于开始日期2026-03-01'],
    ],
    [
      { name: '大走访', startOn: '2026-01-01', endOn: '2027-01-02' },
      ['活动期限不能超过366天，请按年度分别建立'],
    ],
  ])('validates %j', (input, problems) => {
    expect(validateCampaign(input)).toEqual(problems);
  });

  it.each([
    ['2026-02-28', 'not_started', '2026-03-01'],
    ['2026-03-01', 'ongoing', '2026-03-01'],
    ['2026-05-15', 'ongoing', '2026-05-15'],
    ['2026-06-30', 'ongoing', '2026-06-30'],
    ['2026-07-01', 'ended', '2026-06-30'],
  ])('on %s the campaign is %s and counts households of %s', (today, phase, scopeDate) => {
    expect(campaignPhase(CAMPAIGN, today)).toBe(phase);
    expect(campaignScopeDate(CAMPAIGN, today)).toBe(scopeDate);
  });

  it('computes coverage in basis points and refuses more visited than in scope', () => {
    expect(visitCoverageBp(1_873, 1_941)).toBe(9650);
    expect(visitCoverageBp(0, 0)).toBeNull();
    expect(() => visitCoverageBp(3, 2)).toThrow('走访户数3大于应走访户数2');
  });

  it('never exceeds 100 % (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat(), (inScope, k) => {
        const visited = k % (inScope + 1);
        const bp = visitCoverageBp(visited, inScope) as number;
        expect(bp).toBeGreaterThanOrEqual(0);
        expect(bp).toBeLessThanOrEqual(10_000);
      }),
    );
  });
});

describe('visits', () => {
  const visit: SupportVisitInput = {
    visitedOn: '2026-04-02',
    visitorName: '张院长',
    contact: 'met',
    findings: '户主高血压，血压控制一般',
    needs: ['medicine', 'family_doctor'],
    actions: '调整用药，村医每月随访',
  };

  it.each<[Partial<SupportVisitInput>, string[]]>([
    [{}, []],
    [
      { visitedOn: '2026-07-01' },
      ['走访日期2026-07-01不在活动“2026年春季健康扶贫大走访”期间（2026-03-01至2026-06-30）'],
    ],
    [{ findings: ' ' }, ['已入户的走访须填写走访发现（健康状况、看病就医困难等）']],
    [{ needs: ['medicine', 'medicine'] }, ['帮扶需求有重复']],
    [{ needs: ['money'] }, ['帮扶需求“money”不在可选范围内']],
    [{ contact: 'not_home', findings: null }, ['家中无人时不能登记帮扶需求和帮扶措施，请再次走访后登记']],
    [{ contact: 'not_home', findings: null, needs: [], actions: null }, []],
    [{ visitorName: '张' }, ['走访人姓名应为2到30个字']],
  ])('%j → %j', (change, problems) => {
    expect(validateSupportVisit({ ...visit, ...change }, CAMPAIGN, TODAY)).toEqual(problems);
  });

  it('refuses a future visit', () => {
    expect(validateSupportVisit({ ...visit, visitedOn: '2026-05-02' }, CAMPAIGN, '2026-05-01')).toEqual([
      '走访日期2026-05-02晚于今天2026-05-01',
    ]);
  });

  it('counts each need once per visit', () => {
    expect(
      summarizeNeeds([
        { needs: ['medicine', 'medicine', 'insurance'] },
        { needs: ['medicine'] },
        { needs: [] },
      ]),
    ).toMatchObject({ medicine: 2, insurance: 1, living: 0 });
  });
});

describe('health kits', () => {
  const kit = {
    kind: 'new' as const,
    kitCount: 1,
    valueFen: 18_000,
    contents: ['感冒药', '体温计'],
    distributedOn: '2026-04-02',
    recipientName: '王芳',
  };

  it.each([
    [{}, []],
    [{ kitCount: 0 }, ['保健箱数量应为1到5个']],
    [{ valueFen: -1 }, ['价值应为不小于0的金额（元，最多两位小数）']],
    [{ valueFen: 500_001 }, ['每个保健箱价值不应超过5000元，请核对金额']],
    [{ kitCount: 2, valueFen: 1_000_000 }, []],
    [{ contents: [] }, ['请选择保健箱内物品']],
    [{ contents: ['黄金'] }, ['物品“黄金”不在保健箱物品目录中']],
    [{ distributedOn: '2026-11-02' }, ['发放日期2026-11-02晚于今天2026-11-01']],
    [{ recipientName: '' }, ['请填写领取人姓名（不超过30个字）']],
  ])('%j → %j', (change, problems) => {
    expect(validateKitDistribution({ ...kit, ...change }, TODAY)).toEqual(problems);
  });
});
