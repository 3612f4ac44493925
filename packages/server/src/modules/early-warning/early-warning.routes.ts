import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../http/pagination.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { resolveScope } from '../diseases/diseases.service.ts';
import {
  ZHandleBody,
  ZHandlingDto,
  ZHandlingQuery,
  ZIdParams,
  ZMeasureBody,
  ZMeasureDto,
  ZMeasureQuery,
  ZRuleSetBody,
  ZRuleSetDto,
  ZRunBody,
  ZRunDto,
  ZWarningDetailDto,
  ZWarningDto,
  ZWarningFilter,
  ZWarningListQuery,
} from './early-warning.schema.ts';
import {
  createRuleSet,
  exportWarnings,
  getRun,
  getWarning,
  handleWarning,
  handlingSummary,
  listMeasuresOf,
  listRuleSets,
  listRuns,
  listWarningsPage,
  prepareRun,
  recordMeasure,
} from './early-warning.service.ts';
import { executeRun, scheduleNightlyRuns } from './warning-runs.ts';

/**
 * 防止因病致贫返贫监测预警: rule sets, runs ("立即运行" in the background with progress, and the nightly job
 * once the server listens), the warning list and its handling, assistance measures, 预警处置率 by region.
 */
export const earlyWarningRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const read = requireAuth({ permission: 'warnings.read' });
  const handle = requireAuth({ permission: 'warnings.handle' });
  const configure = requireAuth({ permission: 'policies.manage' });
  const tags = ['early-warning'];

  // Background work (runs started from the UI, the nightly job) finishes before the app closes.
  const active = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    active.add(work);
    void work.finally(() => active.delete(work));
  };
  let stopNightly = () => {};
  app.addHook('onListen', async () => {
    stopNightly = scheduleNightlyRuns(db, track, (error) =>
      app.log.error({ err: { message: String(error) } }, 'nightly early-warning run failed'),
    );
  });
  app.addHook('onClose', async () => {
    stopNightly();
    await Promise.allSettled([...active]);
  });

  app.get(
    '/early-warning/rule-sets',
    {
      preHandler: read,
      schema: { tags, summary: '预警规则（各版本）', response: { 200: z.array(ZRuleSetDto) } },
    },
    async (request) => listRuleSets(db, actorOf(request)),
  );
  app.post(
    '/early-warning/rule-sets',
    {
      preHandler: configure,
      schema: { tags, summary: '保存预警规则新版本', body: ZRuleSetBody, response: { 201: ZRuleSetDto } },
    },
    async (request, reply) =>
      reply.code(201).send(await createRuleSet(db, request, actorOf(request), request.body)),
  );

  app.get(
    '/early-warning/runs',
    { preHandler: read, schema: { tags, summary: '最近的预警任务', response: { 200: z.array(ZRunDto) } } },
    async (request) => listRuns(db, actorOf(request)),
  );
  app.post(
    '/early-warning/runs',
    {
      preHandler: handle,
      schema: {
        tags,
        summary: '立即运行预警规则（后台执行，返回任务以查询进度；同县已有任务运行时返回该任务）',
        body: ZRunBody,
        response: { 200: ZRunDto, 202: ZRunDto },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const region = await resolveScope(db, request, actor, request.body.region);
      const run = await prepareRun(db, request, actor, region, request.body.asOf);
      if (run.started) {
        track(executeRun(db, { runId: run.runId, steps: run.steps, asOf: run.asOf, actor: run.runActor }));
      }
      return reply.code(run.started ? 202 : 200).send(await getRun(db, actor, run.runId));
    },
  );
  app.get(
    '/early-warning/runs/:id',
    {
      preHandler: read,
      schema: { tags, summary: '预警任务进度与结果', params: ZIdParams, response: { 200: ZRunDto } },
    },
    async (request) => getRun(db, actorOf(request), request.params.id),
  );

  app.get(
    '/early-warning/warnings',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '风险预警列表',
        querystring: ZWarningListQuery,
        response: { 200: pageOf(ZWarningDto) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const actor = actorOf(request);
      const region = await resolveScope(db, request, actor, filter.region);
      return listWarningsPage(db, actor, region.scope, filter, { page, pageSize });
    },
  );
  app.get(
    '/early-warning/warnings/export',
    { preHandler: read, schema: { tags, summary: '导出风险预警（Excel）', querystring: ZWarningFilter } },
    async (request, reply) => {
      const actor = actorOf(request);
      const region = await resolveScope(db, request, actor, request.query.region);
      const buffer = await exportWarnings(db, request, actor, region, request.query);
      return sendXlsx(reply, `风险预警-${region.regionCode}.xlsx`, buffer);
    },
  );
  app.get(
    '/early-warning/handling',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '预警数与处置率（按下级区域、预警规则）',
        querystring: ZHandlingQuery,
        response: { 200: ZHandlingDto },
      },
    },
    async (request) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      return handlingSummary(db, region, request.query);
    },
  );
  app.get(
    '/early-warning/warnings/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '预警详情、处置记录与帮扶措施',
        params: ZIdParams,
        response: { 200: ZWarningDetailDto },
      },
    },
    async (request) => getWarning(db, actorOf(request), request.params.id),
  );
  app.post(
    '/early-warning/warnings/:id/handle',
    {
      preHandler: handle,
      schema: {
        tags,
        summary: '处置预警（处置中 / 已处置并登记帮扶措施 / 已排除并说明原因）',
        params: ZIdParams,
        body: ZHandleBody,
        response: { 200: ZWarningDetailDto },
      },
    },
    async (request) => handleWarning(db, request, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/early-warning/measures',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '户或人员的帮扶措施',
        querystring: ZMeasureQuery,
        response: { 200: z.array(ZMeasureDto) },
      },
    },
    async (request) => listMeasuresOf(db, actorOf(request), request.query),
  );
  app.post(
    '/early-warning/measures',
    {
      preHandler: handle,
      schema: { tags, summary: '登记帮扶措施', body: ZMeasureBody, response: { 201: z.array(ZMeasureDto) } },
    },
    async (request, reply) =>
      reply.code(201).send(await recordMeasure(db, request, actorOf(request), request.body)),
  );
};
