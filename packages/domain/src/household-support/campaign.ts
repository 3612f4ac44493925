import { diffDays, type IsoDate } from '../calendar/iso-date.ts';
import { type Bp, type Fen, ratioBp } from '../money/fen.ts';
import { KIT_ITEMS, SUPPORT_NEEDS, type SupportNeed, type VisitContact } from './vocabulary.ts';

/**
 * 健康扶贫大走访: a campaign covers one region (a county or a township) for a period; every 建档立卡 or
 * 监测 household of the region is to be visited ("不漏一户、不落一人").
 *
 * Coverage of a campaign = households of the campaign region that were met at home at least once during the
 * campaign ÷ households in scope, where "in scope" means the household has a member who is 建档立卡 (or
 * 脱贫) or 监测对象 on the campaign's last day (or on today while it runs) and is alive and present.
 * A household found not at home stays uncovered until it is visited again.
 */

export const CAMPAIGN_MAX_DAYS = 366;

export type CampaignInput = { name: string; startOn: IsoDate; endOn: IsoDate };

export function validateCampaign(input: CampaignInput): string[] {
  const problems: string[] = [];
  const name = input.name.trim();
  if (name.length < 2 || name.length > 60) {
    problems.push('活动名称应为2到60个字');
  }
  if (input.endOn < input.startOn) {
    problems.push(`结束日期${input.endOn}早于开始日期${input.startOn}`);
  } else if (diffDays(input.startOn, input.endOn) + 1 > CAMPAIGN_MAX_DAYS) {
    problems.push(`活动期限不能超过${CAMPAIGN_MAX_DAYS}天，请按年度分别建立`);
  }
  return problems;
}

export type CampaignPhase = 'not_started' | 'ongoing' | 'ended';
export const CAMPAIGN_PHASE_LABELS: Record<CampaignPhase, string> = {
  not_started: '未开始',
  ongoing: '进行中',
  ended: '已结束',
};

export function campaignPhase(campaign: { startOn: IsoDate; endOn: IsoDate }, today: IsoDate): CampaignPhase {
  if (today < campaign.startOn) {
    return 'not_started';
  }
  return today > campaign.endOn ? 'ended' : 'ongoing';
}

/** The date whose registry defines the households in scope: the last day, or today while the campaign runs. */
export function campaignScopeDate(campaign: { startOn: IsoDate; endOn: IsoDate }, today: IsoDate): IsoDate {
  if (today < campaign.startOn) {
    return campaign.startOn;
  }
  return today < campaign.endOn ? today : campaign.endOn;
}

/** Coverage in basis points; null when the campaign region has no household in scope. */
export function visitCoverageBp(visited: number, inScope: number): Bp | null {
  if (visited > inScope) {
    throw new RangeError(`走访户数${visited}大于应走访户数${inScope}`);
  }
  return ratioBp(visited, inScope);
}

export type SupportVisitInput = {
  visitedOn: IsoDate;
  visitorName: string;
  contact: VisitContact;
  findings: string | null;
  needs: readonly string[];
  actions: string | null;
};

/** A visit lies inside its campaign, not in the future, and says what was found when someone was met. */
export function validateSupportVisit(
  input: SupportVisitInput,
  campaign: { name: string; startOn: IsoDate; endOn: IsoDate },
  today: IsoDate,
): string[] {
  const problems: string[] = [];
  if (input.visitedOn < campaign.startOn || input.visitedOn > campaign.endOn) {
    problems.push(
      `走访日期${input.visitedOn}不在活动“${campaign.name}”期间（${campaign.startOn}至${campaign.endOn}）`,
    );
  }
  if (input.visitedOn > today) {
    problems.push(`走访日期${input.visitedOn}晚于今天${today}`);
  }
  const visitor = input.visitorName.trim();
  if (visitor.length < 2 || visitor.length > 30) {
    problems.push('走访人姓名应为2到30个字');
  }
  const unknown = input.needs.filter((n) => !(SUPPORT_NEEDS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    problems.push(`帮扶需求“${unknown.join('、')}”不在可选范围内`);
  }
  if (new Set(input.needs).size !== input.needs.length) {
    problems.push('帮扶需求有重复');
  }
  if (input.contact === 'met' && !input.findings?.trim()) {
    problems.push('已入户的走访须填写走访发现（健康状况、看病就医困难等）');
  }
  if (input.contact === 'not_home' && (input.needs.length > 0 || input.actions?.trim())) {
    problems.push('家中无人时不能登记帮扶需求和帮扶措施，请再次走访后登记');
  }
  if ((input.findings?.length ?? 0) > 500 || (input.actions?.length ?? 0) > 500) {
    problems.push('走访发现和帮扶措施各不能超过500个字');
  }
  return problems;
}

/** Counts of each need over visits (for the campaign summary). */
export function summarizeNeeds(visits: readonly { needs: readonly string[] }[]): Record<SupportNeed, number> {
  const counts = Object.fromEntries(SUPPORT_NEEDS.map((n) => [n, 0])) as Record<SupportNeed, number>;
  for (const visit of visits) {
    for (const need of new Set(visit.needs)) {
      if (need in counts) {
        counts[need as SupportNeed] += 1;
      }
    }
  }
  return counts;
}

export type KitInput = {
  kind: 'new' | 'refill';
  kitCount: number;
  valueFen: Fen;
  contents: readonly string[];
  distributedOn: IsoDate;
  recipientName: string;
};

export const KIT_MAX_PER_RECORD = 5;
/** 5,000 元 per kit is far above any programme's kit; larger values are typing errors (fen for yuan). */
export const KIT_MAX_VALUE_FEN_PER_KIT = 500_000;

/** A kit record: 1–5 kits (refills count the kits restocked), a value in fen, known contents. */
export function validateKitDistribution(input: KitInput, today: IsoDate): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(input.kitCount) || input.kitCount < 1 || input.kitCount > KIT_MAX_PER_RECORD) {
    problems.push(`保健箱数量应为1到${KIT_MAX_PER_RECORD}个`);
  }
  if (!Number.isSafeInteger(input.valueFen) || input.valueFen < 0) {
    problems.push('价值应为不小于0的金额（元，最多两位小数）');
  } else if (input.valueFen > KIT_MAX_VALUE_FEN_PER_KIT * Math.max(1, input.kitCount)) {
    problems.push(`每个保健箱价值不应超过${KIT_MAX_VALUE_FEN_PER_KIT / 100}元，请核对金额`);
  }
  if (input.contents.length === 0) {
    problems.push('请选择保健箱内物品');
  }
  const unknown = input.contents.filter((c) => !(KIT_ITEMS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    problems.push(`物品“${unknown.join('、')}”不在保健箱物品目录中`);
  }
  if (input.distributedOn > today) {
    problems.push(`发放日期${input.distributedOn}晚于今天${today}`);
  }
  const recipient = input.recipientName.trim();
  if (recipient.length < 1 || recipient.length > 30) {
    problems.push('请填写领取人姓名（不超过30个字）');
  }
  return problems;
}
