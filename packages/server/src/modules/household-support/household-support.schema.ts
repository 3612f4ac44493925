import { KIT_KINDS, SUPPORT_NEEDS, VISIT_CONTACTS, VISITOR_ROLES, ZIsoDate } from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';
import { optionalText, ZIdParams, ZRegionFilter } from '../screenings/screenings.schema.ts';

export { ZIdParams };

// ------------------------------------------------------------------ campaigns

export const ZCampaignBody = z.object({
  name: z.string().max(60, { error: '活动名称不能超过60个字' }),
  regionCode: z.string().regex(/^\d{6,12}$/, { error: '活动区域应为县或乡镇区划代码' }),
  startOn: ZIsoDate,
  endOn: ZIsoDate,
  description: optionalText(500, '活动说明'),
});
export type TCampaignBody = z.infer<typeof ZCampaignBody>;

export const ZCampaignPatch = z.object({
  name: z.string().max(60, { error: '活动名称不能超过60个字' }).optional(),
  endOn: ZIsoDate.optional(),
  description: optionalText(500, '活动说明'),
});
export type TCampaignPatch = z.infer<typeof ZCampaignPatch>;

const ZCoverage = z.object({
  inScope: z.number(),
  visited: z.number(),
  notHome: z.number(),
  unvisited: z.number(),
  rateBp: z.number().nullable(),
  display: z.string(),
});

export const ZCampaignDto = z.object({
  id: z.number(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  startOn: z.string(),
  endOn: z.string(),
  description: z.string().nullable(),
  phase: z.enum(['not_started', 'ongoing', 'ended']),
  phaseLabel: z.string(),
  scopeDate: z.string(),
  /** Coverage within the caller's part of the campaign region. */
  coverage: ZCoverage,
  canManage: z.boolean(),
});
export type TCampaignDto = z.infer<typeof ZCampaignDto>;

export const ZCampaignDetailDto = ZCampaignDto.extend({
  children: z.array(z.object({ code: z.string(), name: z.string(), coverage: ZCoverage })),
  needs: z.array(z.object({ code: z.string(), label: z.string(), households: z.number() })),
  kits: z.object({ records: z.number(), kits: z.number(), valueFen: z.number() }),
  surveys: z.object({
    surveyed: z.number(),
    aware: z.number(),
    rateBp: z.number().nullable(),
    display: z.string(),
  }),
});

export const ZCampaignListQuery = z.object({ phase: z.enum(['not_started', 'ongoing', 'ended']).optional() });

export const ZChecklistFilter = z.object({
  region: ZRegionFilter,
  status: z.enum(['visited', 'not_home', 'unvisited']).optional(),
  q: z.string().trim().max(40).optional(),
});
export type TChecklistFilter = z.infer<typeof ZChecklistFilter>;
export const ZChecklistQuery = ZChecklistFilter.extend(ZPageQuery.shape);
export const ZChecklistRow = z.object({
  householdId: z.number(),
  householdNo: z.string(),
  headName: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  address: z.string().nullable(),
  status: z.enum(['visited', 'not_home', 'unvisited']),
  visits: z.number(),
  lastVisitedOn: z.string().nullable(),
  lastVisitorName: z.string().nullable(),
});
export type TChecklistRow = z.infer<typeof ZChecklistRow>;

// ------------------------------------------------------------------ visits, kits, surveys

export const ZSurveyInput = z.object({
  respondentPersonId: z.number().int().positive().nullish(),
  respondentName: z.string().trim().min(1, { error: '请填写受访人' }).max(30),
  answers: z.record(z.string().max(40), z.string().max(20)),
});

export const ZKitInput = z.object({
  kind: z.enum(KIT_KINDS, { error: '请选择发放类型' }),
  kitCount: z.number().int({ error: '数量应为整数' }),
  /** Value in yuan as typed ("180", "180.50"); stored in fen. */
  value: z.string().trim().min(1, { error: '请填写价值（元）' }).max(20),
  contents: z.array(z.string().max(20)).max(30),
  recipientName: z.string().max(30),
  distributedBy: optionalText(30, '发放人'),
  note: optionalText(200, '备注'),
});

export const ZVisitBody = z.object({
  campaignId: z.number().int().positive(),
  householdId: z.number().int().positive(),
  visitedOn: ZIsoDate,
  visitorName: z.string().max(30),
  visitorRole: z.enum(VISITOR_ROLES, { error: '请选择走访人身份' }),
  contact: z.enum(VISIT_CONTACTS, { error: '请选择是否见到户内成员' }),
  respondentPersonId: z.number().int().positive().nullish(),
  findings: optionalText(500, '走访发现'),
  needs: z
    .array(z.enum(SUPPORT_NEEDS, { error: '帮扶需求不在可选范围内' }))
    .max(SUPPORT_NEEDS.length)
    .default([]),
  actions: optionalText(500, '帮扶措施'),
  survey: ZSurveyInput.nullish(),
  kit: ZKitInput.nullish(),
});
export type TVisitBody = z.infer<typeof ZVisitBody>;

export const ZKitBody = ZKitInput.extend({
  householdId: z.number().int().positive(),
  distributedOn: ZIsoDate,
});
export type TKitBody = z.infer<typeof ZKitBody>;

export const ZVoidBody = z.object({
  reason: z.string().trim().min(2, { error: '请填写作废原因（至少2个字）' }).max(200),
});

export const ZVisitDto = z.object({
  id: z.number(),
  campaignId: z.number(),
  campaignName: z.string(),
  householdId: z.number(),
  householdNo: z.string(),
  headName: z.string().nullable(),
  villageName: z.string(),
  townshipName: z.string(),
  visitedOn: z.string(),
  visitorName: z.string(),
  visitorRole: z.string(),
  visitorRoleLabel: z.string(),
  contact: z.enum(VISIT_CONTACTS),
  respondentName: z.string().nullable(),
  findings: z.string().nullable(),
  needs: z.array(z.string()),
  needLabels: z.array(z.string()),
  actions: z.string().nullable(),
  survey: z.object({ asked: z.number(), correct: z.number(), isAware: z.boolean() }).nullable(),
  isVoided: z.boolean(),
  voidReason: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type TVisitDto = z.infer<typeof ZVisitDto>;

export const ZVisitFilter = z.object({
  region: ZRegionFilter,
  campaignId: z.coerce.number().int().positive().optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  contact: z.enum(VISIT_CONTACTS).optional(),
  need: z.enum(SUPPORT_NEEDS).optional(),
  q: z.string().trim().max(40).optional(),
});
export type TVisitFilter = z.infer<typeof ZVisitFilter>;
export const ZVisitListQuery = ZVisitFilter.extend(ZPageQuery.shape);

export const ZKitDto = z.object({
  id: z.number(),
  householdId: z.number(),
  householdNo: z.string(),
  headName: z.string().nullable(),
  villageName: z.string(),
  townshipName: z.string(),
  visitId: z.number().nullable(),
  kind: z.enum(KIT_KINDS),
  kindLabel: z.string(),
  kitCount: z.number(),
  valueFen: z.number(),
  contents: z.array(z.string()),
  distributedOn: z.string(),
  recipientName: z.string(),
  distributedBy: z.string().nullable(),
  note: z.string().nullable(),
  isVoided: z.boolean(),
  voidReason: z.string().nullable(),
});
export type TKitDto = z.infer<typeof ZKitDto>;

export const ZKitFilter = z.object({
  region: ZRegionFilter,
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  kind: z.enum(KIT_KINDS).optional(),
  q: z.string().trim().max(40).optional(),
});
export type TKitFilter = z.infer<typeof ZKitFilter>;
export const ZKitListQuery = ZKitFilter.extend(ZPageQuery.shape);

export const ZPeriodQuery = z.object({
  region: ZRegionFilter,
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});

export const ZSurveySummaryDto = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  questionnaire: z.object({
    code: z.string(),
    version: z.string(),
    name: z.string(),
    awareThresholdBp: z.number(),
    minAsked: z.number(),
    questions: z.array(
      z.object({
        code: z.string(),
        policy: z.string(),
        text: z.string(),
        options: z.array(z.object({ code: z.string(), label: z.string() })),
        correct: z.string(),
      }),
    ),
  }),
  surveyed: z.number(),
  aware: z.number(),
  rateBp: z.number().nullable(),
  display: z.string(),
  perQuestion: z.array(
    z.object({
      code: z.string(),
      policy: z.string(),
      asked: z.number(),
      correct: z.number(),
      rateBp: z.number().nullable(),
    }),
  ),
  children: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      surveyed: z.number(),
      aware: z.number(),
      rateBp: z.number().nullable(),
    }),
  ),
});
