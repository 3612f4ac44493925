import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import {
  getRegionInScope,
  listChildRegions,
  parseRegionCodeParam,
  scopedRegionPath,
} from './regions.service.ts';

const ZLevel = z.enum(['province', 'city', 'county', 'township', 'village']);
const ZRegionSummary = z.object({ code: z.string(), name: z.string(), level: ZLevel });
const ZRegionDetail = ZRegionSummary.extend({
  parentCode: z.string().nullable(),
  path: z.array(ZRegionSummary),
});
const ZCodeParams = z.object({ code: z.string().max(64, '行政区划代码格式不正确') });

export const regionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const guard = requireAuth({ permission: 'regions.read' });

  app.get(
    '/regions/scope',
    {
      preHandler: guard,
      schema: { tags: ['regions'], summary: '当前用户的管辖区域', response: { 200: ZRegionDetail } },
    },
    async (request) => {
      const actor = actorOf(request);
      const region = await getRegionInScope(db, actor, actor.regionCode);
      return { ...region, parentCode: region.parent_code, path: await scopedRegionPath(db, actor, region) };
    },
  );

  app.get(
    '/regions/:code',
    {
      preHandler: guard,
      schema: {
        tags: ['regions'],
        summary: '行政区划详情',
        params: ZCodeParams,
        response: { 200: ZRegionDetail },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const region = await getRegionInScope(db, actor, parseRegionCodeParam(request.params.code));
      return {
        code: region.code,
        name: region.name,
        level: region.level,
        parentCode: region.parent_code,
        path: await scopedRegionPath(db, actor, region),
      };
    },
  );

  app.get(
    '/regions/:code/children',
    {
      preHandler: guard,
      schema: {
        tags: ['regions'],
        summary: '下级行政区划（懒加载）',
        params: ZCodeParams,
        response: { 200: z.object({ items: z.array(ZRegionSummary.extend({ hasChildren: z.boolean() })) }) },
      },
    },
    async (request) => ({
      items: await listChildRegions(db, actorOf(request), parseRegionCodeParam(request.params.code)),
    }),
  );
};
