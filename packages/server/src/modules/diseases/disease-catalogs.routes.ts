import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../http/pagination.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import {
  ZCatalogDetailDto,
  ZCatalogItemParams,
  ZCatalogParams,
  ZCatalogSummaryDto,
  ZDraftCreateBody,
  ZDraftPatchBody,
  ZItemBody,
  ZPreviewQuery,
  ZPublishBody,
  ZReclassificationDto,
  ZRunChangesQuery,
  ZRunParams,
} from './disease-catalogs.schema.ts';
import {
  createDraft,
  deleteDraft,
  getCatalogDetail,
  listCatalogSummaries,
  listRunChangesPage,
  previewCatalogReclassification,
  publishCatalog,
  removeItem,
  reviseDraft,
  upsertItem,
} from './disease-catalogs.service.ts';

const ZRunChange = z.object({
  personId: z.number(),
  personName: z.string(),
  villageCode: z.string(),
  diagnosisId: z.number(),
  diagnosisName: z.string(),
  icdCode: z.string().nullable(),
  fromLabel: z.string(),
  toLabel: z.string(),
  fromItemName: z.string().nullable(),
  toItemName: z.string().nullable(),
  reason: z.string().nullable(),
});

/**
 * Disease catalogues: every version in force (shipped national/provincial ones and county-published ones),
 * county drafts (copy of a version or a local list extending one), item editing, validation, the
 * re-classification preview (who moves where) and publishing with the re-classification applied.
 */
export const diseaseCatalogRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const anyone = requireAuth();
  const manage = requireAuth({ permission: 'policies.manage' });
  const tags = ['disease-catalogs'];

  app.get(
    '/disease-catalogs',
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: '病种目录版本（已发布的全部版本；县级管理员另见本辖区草稿）',
        response: { 200: z.array(ZCatalogSummaryDto) },
      },
    },
    async (request) => listCatalogSummaries(db, actorOf(request)),
  );
  app.get(
    '/disease-catalogs/:code',
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: '病种目录详情（含继承的病种、发布前校验问题、重新分类记录）',
        params: ZCatalogParams,
        response: { 200: ZCatalogDetailDto },
      },
    },
    async (request) => getCatalogDetail(db, actorOf(request), request.params.code),
  );
  app.post(
    '/disease-catalogs',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '新建草稿（复制某一版本，或建立继承某目录的本地目录）',
        body: ZDraftCreateBody,
        response: { 201: ZCatalogDetailDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createDraft(db, request, actorOf(request), request.body)),
  );
  app.patch(
    '/disease-catalogs/:code',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '修改草稿的名称、版本、生效和失效日期',
        params: ZCatalogParams,
        body: ZDraftPatchBody,
        response: { 200: ZCatalogDetailDto },
      },
    },
    async (request) => reviseDraft(db, request, actorOf(request), request.params.code, request.body),
  );
  app.delete(
    '/disease-catalogs/:code',
    { preHandler: manage, schema: { tags, summary: '删除草稿', params: ZCatalogParams } },
    async (request, reply) => {
      await deleteDraft(db, request, actorOf(request), request.params.code);
      return reply.code(204).send();
    },
  );
  app.put(
    '/disease-catalogs/:code/items',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '新增或修改草稿中的病种（编码、名称、ICD匹配规则、年龄条件）',
        params: ZCatalogParams,
        body: ZItemBody,
        response: { 200: ZCatalogDetailDto },
      },
    },
    async (request) => upsertItem(db, request, actorOf(request), request.params.code, request.body),
  );
  app.delete(
    '/disease-catalogs/:code/items/:itemCode',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '删除草稿中的病种',
        params: ZCatalogItemParams,
        response: { 200: ZCatalogDetailDto },
      },
    },
    async (request) =>
      removeItem(db, request, actorOf(request), request.params.code, request.params.itemCode),
  );
  app.get(
    '/disease-catalogs/:code/reclassification',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '重新分类预览：发布后谁从哪一批移到哪一批（人员、疾病、原分类 → 新分类）',
        params: ZCatalogParams,
        querystring: ZPreviewQuery,
        response: { 200: ZReclassificationDto },
      },
    },
    async (request) =>
      previewCatalogReclassification(db, actorOf(request), request.params.code, request.query),
  );
  app.post(
    '/disease-catalogs/:code/publish',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '发布草稿（发布后不可修改）并在同一事务中应用重新分类、记录变动',
        params: ZCatalogParams,
        body: ZPublishBody,
        response: {
          200: ZCatalogDetailDto.extend({
            applied: z.object({ moves: z.number(), itemChanges: z.number() }),
          }),
        },
      },
    },
    async (request) => publishCatalog(db, request, actorOf(request), request.params.code, request.body),
  );
  app.get(
    '/disease-catalogs/:code/runs/:runId/changes',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '一次重新分类的变动明细',
        params: ZRunParams,
        querystring: ZRunChangesQuery,
        response: { 200: pageOf(ZRunChange) },
      },
    },
    async (request) => listRunChangesPage(db, actorOf(request), request.params.runId, request.query),
  );
};
