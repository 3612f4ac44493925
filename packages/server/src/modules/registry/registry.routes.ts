import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../http/pagination.ts';
import { attachmentHeader, XLSX_MIME } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import {
  createHousehold,
  exportHouseholds,
  getHouseholdDetail,
  listHouseholds,
  patchHousehold,
} from './households.service.ts';
import {
  addCategory,
  changePersonStatus,
  createPerson,
  exportPersons,
  getPersonDetail,
  listPersons,
  patchCategory,
  patchPerson,
  revealId,
} from './persons.service.ts';
import {
  ZCategoryCreateBody,
  ZCategoryParams,
  ZCategoryPatchBody,
  ZHouseholdCreateBody,
  ZHouseholdDetailDto,
  ZHouseholdDto,
  ZHouseholdListQuery,
  ZHouseholdPatchBody,
  ZIdParams,
  ZPersonCreateBody,
  ZPersonDetailDto,
  ZPersonDto,
  ZPersonListQuery,
  ZPersonPatchBody,
  ZPersonStatusBody,
  ZRegionPrefix,
  ZRevealDto,
  ZVerificationCreateBody,
  ZVerificationListQuery,
  ZVerificationResultBody,
  ZVerificationTaskDto,
} from './registry.schema.ts';
import { todayInChina } from './registry-support.ts';
import { completeTask, createTask, generateTasksForFlagged, listTasks } from './verification.service.ts';

/** Population registry: households, persons (一人一档), categories, door-to-door verification (identity check: identity-check.routes.ts). */
export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const read = requireAuth({ permission: 'persons.read' });
  const write = requireAuth({ permission: 'persons.write' });
  const verify = requireAuth({ permission: 'followups.write' });

  app.get(
    '/households',
    {
      preHandler: read,
      schema: {
        tags: ['registry'],
        summary: '户档案列表',
        querystring: ZHouseholdListQuery,
        response: { 200: pageOf(ZHouseholdDto) },
      },
    },
    async (request) => listHouseholds(db, request, actorOf(request), request.query),
  );

  app.get(
    '/households/export',
    {
      preHandler: read,
      schema: { tags: ['registry'], summary: '导出户档案（xlsx）', querystring: ZHouseholdListQuery },
    },
    async (request, reply) => {
      const buffer = await exportHouseholds(db, request, actorOf(request), request.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentHeader(`户档案-${todayInChina()}.xlsx`))
        .send(buffer);
    },
  );

  app.get(
    '/households/:id',
    {
      preHandler: read,
      schema: {
        tags: ['registry'],
        summary: '户档案详情',
        params: ZIdParams,
        response: { 200: ZHouseholdDetailDto },
      },
    },
    async (request) => getHouseholdDetail(db, actorOf(request), request.params.id),
  );

  app.post(
    '/households',
    {
      preHandler: write,
      schema: {
        tags: ['registry'],
        summary: '新建户',
        body: ZHouseholdCreateBody,
        response: { 201: ZHouseholdDetailDto },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createHousehold(db, request, actorOf(request), request.body)),
  );

  app.patch(
    '/households/:id',
    {
      preHandler: write,
      schema: {
        tags: ['registry'],
        summary: '修改户信息（须填原因）',
        params: ZIdParams,
        body: ZHouseholdPatchBody,
        response: { 200: ZHouseholdDetailDto },
      },
    },
    async (request) => patchHousehold(db, request, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/persons',
    {
      preHandler: read,
      schema: {
        tags: ['registry'],
        summary: '人员档案列表（身份证号脱敏）',
        querystring: ZPersonListQuery,
        response: { 200: pageOf(ZPersonDto) },
      },
    },
    async (request) => listPersons(db, request, actorOf(request), request.query),
  );

  app.get(
    '/persons/export',
    {
      preHandler: read,
      schema: {
        tags: ['registry'],
        summary: '导出人员档案（xlsx，身份证号脱敏）',
        querystring: ZPersonListQuery,
      },
    },
    async (request, reply) => {
      const buffer = await exportPersons(db, request, actorOf(request), request.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentHeader(`人员档案-${todayInChina()}.xlsx`))
        .send(buffer);
    },
  );

  app.get(
    '/persons/:id',
    {
      preHandler: read,
      schema: {
        tags: ['registry'],
        summary: '一人一档',
        params: ZIdParams,
        response: { 200: ZPersonDetailDto },
      },
    },
    async (request) => getPersonDetail(db, actorOf(request), request.params.id),
  );

  app.post(
    '/persons',
    {
      preHandler: write,
      schema: {
        tags: ['registry'],
        summary: '登记人员',
        body: ZPersonCreateBody,
        response: { 201: ZPersonDetailDto },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPerson(db, request, actorOf(request), request.body)),
  );

  app.post(
    '/persons/:id/reveal-id',
    {
      preHandler: read,
      schema: {
        tags: ['registry'],
        summary: '查看完整身份证号（审计）',
        params: ZIdParams,
        response: { 200: ZRevealDto },
      },
    },
    async (request) => revealId(db, request, actorOf(request), request.params.id),
  );

  app.patch(
    '/persons/:id',
    {
      preHandler: write,
      schema: {
        tags: ['registry'],
        summary: '修改人员信息（须填原因）',
        params: ZIdParams,
        body: ZPersonPatchBody,
        response: { 200: ZPersonDetailDto },
      },
    },
    async (request) => patchPerson(db, request, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/persons/:id/status',
    {
      preHandler: write,
      schema: {
        tags: ['registry'],
        summary: '变更人员状态（正常/死亡/迁出）',
        params: ZIdParams,
        body: ZPersonStatusBody,
        response: { 200: ZPersonDetailDto },
      },
    },
    async (request) => changePersonStatus(db, request, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/persons/:id/categories',
    {
      preHandler: write,
      schema: {
        tags: ['registry'],
        summary: '新增人员类别期间',
        params: ZIdParams,
        body: ZCategoryCreateBody,
        response: { 201: ZPersonDetailDto },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addCategory(db, request, actorOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/persons/:id/categories/:categoryId',
    {
      preHandler: write,
      schema: {
        tags: ['registry'],
        summary: '调整人员类别期间',
        params: ZCategoryParams,
        body: ZCategoryPatchBody,
        response: { 200: ZPersonDetailDto },
      },
    },
    async (request) =>
      patchCategory(
        db,
        request,
        actorOf(request),
        request.params.id,
        request.params.categoryId,
        request.body,
      ),
  );

  app.get(
    '/verification-tasks',
    {
      preHandler: read,
      schema: {
        tags: ['registry'],
        summary: '入户核实任务列表',
        querystring: ZVerificationListQuery,
        response: { 200: pageOf(ZVerificationTaskDto) },
      },
    },
    async (request) => listTasks(db, request, actorOf(request), request.query),
  );

  app.post(
    '/verification-tasks',
    {
      preHandler: write,
      schema: {
        tags: ['registry'],
        summary: '新建入户核实任务',
        body: ZVerificationCreateBody,
        response: { 201: ZVerificationTaskDto },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createTask(db, request, actorOf(request), request.body)),
  );

  app.post(
    '/verification-tasks/generate',
    {
      preHandler: write,
      schema: {
        tags: ['registry'],
        summary: '为标记待核实的人员批量生成任务',
        body: z.strictObject({ regionCode: ZRegionPrefix.optional() }).optional(),
        response: { 200: z.object({ created: z.number().int() }) },
      },
    },
    async (request) => generateTasksForFlagged(db, request, actorOf(request), request.body?.regionCode),
  );

  app.post(
    '/verification-tasks/:id/result',
    {
      preHandler: verify,
      schema: {
        tags: ['registry'],
        summary: '提交入户核实结果',
        params: ZIdParams,
        body: ZVerificationResultBody,
        response: { 200: ZVerificationTaskDto },
      },
    },
    async (request) => completeTask(db, request, actorOf(request), request.params.id, request.body),
  );
};
