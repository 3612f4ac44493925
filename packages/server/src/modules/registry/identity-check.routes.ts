import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import {
  ZIdentityBatchBody,
  ZIdentityBatchDto,
  ZIdentityCheckDto,
  ZIdentityCheckQuery,
  ZIdentityDateQuery,
  ZIdentityParams,
} from './identity-check.schema.ts';
import { checkIdentity, checkIdentityBatch } from './identity-check.service.ts';

/**
 * Hospital identity check (就医身份自动识别) for hospital clerks (session) and hospital information systems
 * (`Authorization: Bearer` API token of their institution, see modules/api-tokens).
 */
export const identityCheckRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const guard = requireAuth({ permission: 'identity.check', allowApiToken: true });
  const tags = ['identity'];
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { apiToken: [] }];

  app.get(
    '/identity/:idNumber',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '就医身份识别（按身份证号）',
        description:
          '返回脱敏姓名、就诊日期有效的人员类别、是否适用先诊疗后付费和个人自付上限、家庭医生及未结案的大病救治台账。每次查询均记入审计日志。',
        security,
        params: ZIdentityParams,
        querystring: ZIdentityDateQuery,
        response: { 200: ZIdentityCheckDto },
      },
    },
    async (request) =>
      checkIdentity(db, request, actorOf(request), {
        idNumber: request.params.idNumber,
        date: request.query.date,
      }),
  );

  app.post(
    '/identity/batch',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '就医身份批量识别（最多 500 个身份证号）',
        description:
          'items 为身份证号，或 { idNumber, date }（单项日期优先于 date）。每项单独返回结果或错误（第 N 项及原因），每项记一条审计日志。',
        security,
        body: ZIdentityBatchBody,
        response: { 200: ZIdentityBatchDto },
      },
    },
    async (request) => checkIdentityBatch(db, request, actorOf(request), request.body),
  );

  app.get(
    '/identity-check',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '就医身份识别（查询参数形式，与 /identity/{idNumber} 相同）',
        security,
        querystring: ZIdentityCheckQuery,
        response: { 200: ZIdentityCheckDto },
      },
    },
    async (request) => checkIdentity(db, request, actorOf(request), request.query),
  );
};
