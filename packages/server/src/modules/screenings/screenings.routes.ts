import { regionScopePrefix } from '@healthaid/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../http/pagination.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { resolveScope } from '../diseases/diseases.service.ts';
import { resolveIndicatorRequest } from '../indicators/indicators.service.ts';
import { getRegionInScope, parseRegionCodeParam } from '../regions/regions.service.ts';
import {
  ZCompletionDto,
  ZCompletionQuery,
  ZIdParams,
  ZLookupDto,
  ZLookupQuery,
  ZReferralBody,
  ZScreeningCreateBody,
  ZScreeningDto,
  ZScreeningFilter,
  ZScreeningListQuery,
  ZTargetQuery,
  ZTargetsBody,
  ZTargetsDto,
  ZVoidBody,
} from './screenings.schema.ts';
import {
  buildCompletion,
  changeReferral,
  completionXlsx,
  createScreening,
  exportScreenings,
  getScreening,
  getTargets,
  listProgrammes,
  listScreeningsOfPerson,
  listScreeningsPage,
  lookupSubject,
  revealScreeningId,
  saveTargets,
  voidScreening,
} from './screenings.service.ts';

const ZProgrammeDto = z.object({
  code: z.string(),
  label: z.string(),
  shortLabel: z.string(),
  group: z.string(),
  methods: z.array(z.object({ code: z.string(), label: z.string(), window: z.string().nullable() })),
  sex: z.enum(['M', 'F']).nullable(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  afterBirth: z.object({ minHours: z.number(), maxDays: z.number() }).nullable(),
  targetBasis: z.string(),
  indicatorCode: z.string(),
});

/** 两筛两癌: screening records with referral of abnormal results, yearly targets, completion by region. */
export const screeningsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const read = requireAuth({ permission: 'persons.read' });
  const write = requireAuth({ permission: 'screenings.write' });
  const manageTargets = requireAuth({ permission: 'screenings.targets' });
  const aggregates = requireAuth({ permission: 'aggregates.read' });
  const anyone = requireAuth();
  const tags = ['screenings'];

  app.get(
    '/screenings/programmes',
    {
      preHandler: anyone,
      schema: { tags, summary: '筛查项目、方法及对象规则', response: { 200: z.array(ZProgrammeDto) } },
    },
    async () => listProgrammes(),
  );

  app.get(
    '/screenings/lookup',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '按身份证号查询人员档案及既往筛查（登记前预填）',
        querystring: ZLookupQuery,
        response: { 200: ZLookupDto },
      },
    },
    async (request) => lookupSubject(db, actorOf(request), request.query.idNumber),
  );

  app.get(
    '/screenings',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '筛查记录列表',
        querystring: ZScreeningListQuery,
        response: { 200: pageOf(ZScreeningDto) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const region = await resolveScope(db, request, actorOf(request), filter.region);
      return listScreeningsPage(db, region.scope, filter, { page, pageSize });
    },
  );
  app.get(
    '/screenings/export',
    { preHandler: read, schema: { tags, summary: '导出筛查记录（Excel）', querystring: ZScreeningFilter } },
    async (request, reply) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      const buffer = await exportScreenings(db, request, region, request.query);
      return sendXlsx(reply, '两筛两癌筛查记录.xlsx', buffer);
    },
  );
  app.post(
    '/screenings',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '登记筛查（校验对象、孕周/出生时间窗，关联人员档案）',
        body: ZScreeningCreateBody,
        response: { 201: ZScreeningDto },
      },
    },
    async (request, reply) => {
      const dto = await createScreening(db, request, actorOf(request), request.body);
      return reply.code(201).send(dto);
    },
  );
  app.get(
    '/screenings/:id',
    {
      preHandler: read,
      schema: { tags, summary: '筛查记录', params: ZIdParams, response: { 200: ZScreeningDto } },
    },
    async (request) =>
      getScreening(
        db,
        (await resolveScope(db, request, actorOf(request), undefined)).scope,
        request.params.id,
      ),
  );
  app.post(
    '/screenings/:id/reveal-id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '查看完整身份证号（记录审计）',
        params: ZIdParams,
        response: {
          200: z.object({ idNumber: z.string().nullable(), motherIdNumber: z.string().nullable() }),
        },
      },
    },
    async (request) => revealScreeningId(db, request, actorOf(request), request.params.id),
  );
  app.post(
    '/screenings/:id/referral',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '登记异常结果的转诊、确诊、排除或失访',
        params: ZIdParams,
        body: ZReferralBody,
        response: { 200: ZScreeningDto },
      },
    },
    async (request) => changeReferral(db, request, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/screenings/:id/void',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '作废筛查记录（填写原因）',
        params: ZIdParams,
        body: ZVoidBody,
        response: { 200: ZScreeningDto },
      },
    },
    async (request) => voidScreening(db, request, actorOf(request), request.params.id, request.body.reason),
  );
  app.get(
    '/persons/:id/screenings',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '人员的筛查记录',
        params: ZIdParams,
        response: { 200: z.array(ZScreeningDto) },
      },
    },
    async (request) =>
      listScreeningsOfPerson(
        db,
        (await resolveScope(db, request, actorOf(request), undefined)).scope,
        request.params.id,
      ),
  );

  // ------------------------------------------------------------------ targets and completion
  app.get(
    '/screening-targets',
    {
      preHandler: aggregates,
      schema: {
        tags,
        summary: '年度任务数（按乡镇）',
        querystring: ZTargetQuery,
        response: { 200: ZTargetsDto },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const region = await getRegionInScope(
        db,
        actor,
        request.query.region ? parseRegionCodeParam(request.query.region) : actor.regionCode,
      );
      return getTargets(db, region, regionScopePrefix(region.code), request.query.year);
    },
  );
  app.put(
    '/screening-targets',
    {
      preHandler: manageTargets,
      schema: {
        tags,
        summary: '下达年度任务数（按乡镇，整体保存）',
        body: ZTargetsBody,
        response: { 200: z.object({ saved: z.number() }) },
      },
    },
    async (request) => saveTargets(db, request, actorOf(request), request.body),
  );
  app.get(
    '/screenings/completion',
    {
      preHandler: aggregates,
      schema: {
        tags,
        summary: '两筛两癌完成情况（按下级区域）',
        querystring: ZCompletionQuery,
        response: { 200: ZCompletionDto },
      },
    },
    async (request) => {
      const { region, query } = await resolveIndicatorRequest(db, actorOf(request), request.query);
      return buildCompletion(db, region, query);
    },
  );
  app.get(
    '/screenings/completion.xlsx',
    {
      preHandler: aggregates,
      schema: { tags, summary: '导出两筛两癌完成情况统计表（Excel）', querystring: ZCompletionQuery },
    },
    async (request, reply) => {
      const { region, query } = await resolveIndicatorRequest(db, actorOf(request), request.query);
      const built = await buildCompletion(db, region, query);
      await recordAudit(db, request, {
        action: 'screening.completion_exported',
        entityType: 'statistics_table',
        entityId: 'screening_completion',
        regionCode: region.code,
        result: 'success',
        detail: { from: query.from, to: query.to },
      });
      return sendXlsx(reply, `${region.name}两筛两癌完成情况.xlsx`, await completionXlsx(built));
    },
  );
};
