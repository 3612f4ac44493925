import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageOf } from '../../http/pagination.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { resolveScope } from '../diseases/diseases.service.ts';
import {
  ZEvidenceBody,
  ZIdParams,
  ZProblemBody,
  ZProblemDetailDto,
  ZProblemDto,
  ZProblemFilter,
  ZProblemListQuery,
  ZProblemPatch,
  ZProblemStatusBody,
  ZRectificationDto,
  ZRectificationQuery,
  ZRoundBody,
  ZRoundDto,
  ZRoundList,
  ZRoundListQuery,
} from './supervision.schema.ts';
import {
  addEvidence,
  changeProblemStatus,
  createProblem,
  createRound,
  exportProblems,
  getProblem,
  getRound,
  listProblemsPage,
  listRoundsOf,
  rectificationSummary,
  updateProblem,
  updateRound,
} from './supervision.service.ts';

/** 督导检查与问题整改: supervision rounds, the problem ledger, rectification and 问题整改率 / 清零. */
export const supervisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const read = requireAuth({ permission: 'supervision.read' });
  const rectify = requireAuth({ permission: 'supervision.rectify' });
  const manage = requireAuth({ permission: 'supervision.manage' });
  const tags = ['supervision'];

  app.get(
    '/supervision/rounds',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '督导轮次（含一年四次督导完成情况）',
        querystring: ZRoundListQuery,
        response: { 200: ZRoundList },
      },
    },
    async (request) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      return listRoundsOf(db, region.scope, request.query.year);
    },
  );
  app.post(
    '/supervision/rounds',
    {
      preHandler: manage,
      schema: { tags, summary: '新建督导轮次', body: ZRoundBody, response: { 201: ZRoundDto } },
    },
    async (request, reply) =>
      reply.code(201).send(await createRound(db, request, actorOf(request), request.body)),
  );
  app.get(
    '/supervision/rounds/:id',
    {
      preHandler: read,
      schema: { tags, summary: '督导轮次', params: ZIdParams, response: { 200: ZRoundDto } },
    },
    async (request) =>
      getRound(db, (await resolveScope(db, request, actorOf(request), undefined)).scope, request.params.id),
  );
  app.put(
    '/supervision/rounds/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '修改督导轮次（范围、人员、督导总结）',
        params: ZIdParams,
        body: ZRoundBody,
        response: { 200: ZRoundDto },
      },
    },
    async (request) => updateRound(db, request, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/supervision/problems',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '问题清单',
        querystring: ZProblemListQuery,
        response: { 200: pageOf(ZProblemDto) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const actor = actorOf(request);
      const region = await resolveScope(db, request, actor, filter.region);
      return listProblemsPage(db, actor, region.scope, filter, { page, pageSize });
    },
  );
  app.get(
    '/supervision/problems/export',
    { preHandler: read, schema: { tags, summary: '导出问题清单（Excel）', querystring: ZProblemFilter } },
    async (request, reply) => {
      const actor = actorOf(request);
      const region = await resolveScope(db, request, actor, request.query.region);
      const buffer = await exportProblems(db, request, actor, region, request.query);
      return sendXlsx(reply, `问题清单-${region.regionCode}.xlsx`, buffer);
    },
  );
  app.get(
    '/supervision/rectification',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '问题整改率与清零情况（按下级区域、问题类别）',
        querystring: ZRectificationQuery,
        response: { 200: ZRectificationDto },
      },
    },
    async (request) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      return rectificationSummary(db, region, request.query);
    },
  );
  app.post(
    '/supervision/problems',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '登记问题（列入问题清单）',
        body: ZProblemBody,
        response: { 201: ZProblemDetailDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createProblem(db, request, actorOf(request), request.body)),
  );
  app.get(
    '/supervision/problems/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '问题详情及整改记录',
        params: ZIdParams,
        response: { 200: ZProblemDetailDto },
      },
    },
    async (request) => getProblem(db, actorOf(request), request.params.id),
  );
  app.patch(
    '/supervision/problems/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '修改问题（如延期整改），须填写原因',
        params: ZIdParams,
        body: ZProblemPatch,
        response: { 200: ZProblemDetailDto },
      },
    },
    async (request) => updateProblem(db, request, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/supervision/problems/:id/status',
    {
      preHandler: rectify,
      schema: {
        tags,
        summary: '变更整改状态（开始整改、提交验收、验收销号、退回整改）',
        params: ZIdParams,
        body: ZProblemStatusBody,
        response: { 200: ZProblemDetailDto },
      },
    },
    async (request) => changeProblemStatus(db, request, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/supervision/problems/:id/evidence',
    {
      preHandler: rectify,
      schema: {
        tags,
        summary: '追加整改佐证说明',
        params: ZIdParams,
        body: ZEvidenceBody,
        response: { 200: ZProblemDetailDto },
      },
    },
    async (request) => addEvidence(db, request, actorOf(request), request.params.id, request.body),
  );
};
