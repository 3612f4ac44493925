import {
  KIT_ITEMS,
  POLICY_QUESTIONNAIRES,
  SUPPORT_NEED_LABELS,
  VISITOR_ROLE_LABELS,
} from '@healthaid/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../http/pagination.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { resolveScope } from '../diseases/diseases.service.ts';
import { resolveIndicatorRequest } from '../indicators/indicators.service.ts';
import {
  ZCampaignBody,
  ZCampaignDetailDto,
  ZCampaignDto,
  ZCampaignListQuery,
  ZCampaignPatch,
  ZChecklistFilter,
  ZChecklistQuery,
  ZChecklistRow,
  ZIdParams,
  ZKitBody,
  ZKitDto,
  ZKitFilter,
  ZKitListQuery,
  ZPeriodQuery,
  ZSurveySummaryDto,
  ZVisitBody,
  ZVisitDto,
  ZVisitFilter,
  ZVisitListQuery,
  ZVoidBody,
} from './household-support.schema.ts';
import {
  createCampaign,
  createKit,
  createVisit,
  exportChecklist,
  exportKits,
  exportVisits,
  getCampaign,
  getVisit,
  householdSupport,
  listCampaigns,
  listChecklistPage,
  listKitsPage,
  listVisitsPage,
  patchCampaign,
  surveySummary,
  voidKit,
  voidVisit,
} from './household-support.service.ts';

/** 入户帮扶: 大走访 campaigns and visits (with the 走访清单), 爱心保健箱 distributions, 政策知晓率 surveys. */
export const householdSupportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const read = requireAuth({ permission: 'persons.read' });
  const write = requireAuth({ permission: 'support.write' });
  const manage = requireAuth({ permission: 'support.campaigns' });
  const aggregates = requireAuth({ permission: 'aggregates.read' });
  const anyone = requireAuth();
  const tags = ['household-support'];

  app.get(
    '/support/vocabulary',
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: '帮扶需求、走访人身份、保健箱物品和政策知晓调查表',
        response: {
          200: z.object({
            needs: z.record(z.string(), z.string()),
            visitorRoles: z.record(z.string(), z.string()),
            kitItems: z.array(z.string()),
            questionnaires: z.array(z.unknown()),
          }),
        },
      },
    },
    async () => ({
      needs: SUPPORT_NEED_LABELS,
      visitorRoles: VISITOR_ROLE_LABELS,
      kitItems: [...KIT_ITEMS],
      questionnaires: [...POLICY_QUESTIONNAIRES],
    }),
  );

  // ------------------------------------------------------------------ campaigns
  app.get(
    '/support/campaigns',
    {
      preHandler: aggregates,
      schema: {
        tags,
        summary: '大走访活动（含本人辖区内的覆盖率）',
        querystring: ZCampaignListQuery,
        response: { 200: z.array(ZCampaignDto) },
      },
    },
    async (request) => listCampaigns(db, actorOf(request), request.query.phase),
  );
  app.post(
    '/support/campaigns',
    {
      preHandler: manage,
      schema: { tags, summary: '新建大走访活动', body: ZCampaignBody, response: { 201: ZCampaignDetailDto } },
    },
    async (request, reply) =>
      reply.code(201).send(await createCampaign(db, request, actorOf(request), request.body)),
  );
  app.get(
    '/support/campaigns/:id',
    {
      preHandler: aggregates,
      schema: {
        tags,
        summary: '活动详情：覆盖率（按下级区域）、帮扶需求、保健箱、政策知晓',
        params: ZIdParams,
        response: { 200: ZCampaignDetailDto },
      },
    },
    async (request) => getCampaign(db, actorOf(request), request.params.id),
  );
  app.patch(
    '/support/campaigns/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '修改活动名称、结束日期或说明',
        params: ZIdParams,
        body: ZCampaignPatch,
        response: { 200: ZCampaignDetailDto },
      },
    },
    async (request) => patchCampaign(db, request, actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/support/campaigns/:id/households',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '走访清单：应走访户及走访状态（已走访/家中无人/未走访）',
        params: ZIdParams,
        querystring: ZChecklistQuery,
        response: { 200: pageOf(ZChecklistRow) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return listChecklistPage(db, actorOf(request), request.params.id, filter, { page, pageSize });
    },
  );
  app.get(
    '/support/campaigns/:id/households/export',
    {
      preHandler: read,
      schema: { tags, summary: '导出走访清单（Excel）', params: ZIdParams, querystring: ZChecklistFilter },
    },
    async (request, reply) => {
      const { name, buffer } = await exportChecklist(
        db,
        request,
        actorOf(request),
        request.params.id,
        request.query,
      );
      return sendXlsx(reply, name, buffer);
    },
  );

  // ------------------------------------------------------------------ visits
  app.get(
    '/support/visits',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '走访记录',
        querystring: ZVisitListQuery,
        response: { 200: pageOf(ZVisitDto) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const region = await resolveScope(db, request, actorOf(request), filter.region);
      return listVisitsPage(db, region.scope, filter, { page, pageSize });
    },
  );
  app.get(
    '/support/visits/export',
    { preHandler: read, schema: { tags, summary: '导出走访记录（Excel）', querystring: ZVisitFilter } },
    async (request, reply) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      return sendXlsx(reply, '大走访走访记录.xlsx', await exportVisits(db, request, region, request.query));
    },
  );
  app.post(
    '/support/visits',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '登记入户走访（可同时登记政策知晓调查和保健箱发放）',
        body: ZVisitBody,
        response: { 201: ZVisitDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createVisit(db, request, actorOf(request), request.body)),
  );
  app.get(
    '/support/visits/:id',
    {
      preHandler: read,
      schema: { tags, summary: '走访记录', params: ZIdParams, response: { 200: ZVisitDto } },
    },
    async (request) =>
      getVisit(db, (await resolveScope(db, request, actorOf(request), undefined)).scope, request.params.id),
  );
  app.post(
    '/support/visits/:id/void',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '作废走访记录',
        params: ZIdParams,
        body: ZVoidBody,
        response: { 200: ZVisitDto },
      },
    },
    async (request) => voidVisit(db, request, actorOf(request), request.params.id, request.body.reason),
  );

  // ------------------------------------------------------------------ kits
  app.get(
    '/support/kits',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '保健箱发放记录',
        querystring: ZKitListQuery,
        response: { 200: pageOf(ZKitDto).extend({ kits: z.number() }) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const region = await resolveScope(db, request, actorOf(request), filter.region);
      return listKitsPage(db, region.scope, filter, { page, pageSize });
    },
  );
  app.get(
    '/support/kits/export',
    { preHandler: read, schema: { tags, summary: '导出保健箱发放记录（Excel）', querystring: ZKitFilter } },
    async (request, reply) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      return sendXlsx(reply, '保健箱发放记录.xlsx', await exportKits(db, request, region, request.query));
    },
  );
  app.post(
    '/support/kits',
    {
      preHandler: write,
      schema: { tags, summary: '登记保健箱发放', body: ZKitBody, response: { 201: ZKitDto } },
    },
    async (request, reply) =>
      reply.code(201).send(await createKit(db, request, actorOf(request), request.body)),
  );
  app.post(
    '/support/kits/:id/void',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '作废保健箱发放记录',
        params: ZIdParams,
        body: ZVoidBody,
        response: { 200: ZKitDto },
      },
    },
    async (request) => voidKit(db, request, actorOf(request), request.params.id, request.body.reason),
  );

  // ------------------------------------------------------------------ surveys and the household tab
  app.get(
    '/support/surveys/summary',
    {
      preHandler: aggregates,
      schema: {
        tags,
        summary: '政策知晓率（按下级区域和题目）',
        querystring: ZPeriodQuery,
        response: { 200: ZSurveySummaryDto },
      },
    },
    async (request) => {
      const { region, query } = await resolveIndicatorRequest(db, actorOf(request), request.query);
      return surveySummary(db, region, query);
    },
  );
  app.get(
    '/households/:id/support',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '户的走访、政策知晓调查和保健箱记录',
        params: ZIdParams,
        response: { 200: z.object({ visits: z.array(ZVisitDto), kits: z.array(ZKitDto) }) },
      },
    },
    async (request) =>
      householdSupport(
        db,
        (await resolveScope(db, request, actorOf(request), undefined)).scope,
        request.params.id,
      ),
  );
};
