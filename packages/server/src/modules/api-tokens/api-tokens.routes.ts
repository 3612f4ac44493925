import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../http/pagination.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import {
  ZApiTokenDto,
  ZApiTokenIssueBody,
  ZApiTokenIssuedDto,
  ZApiTokenListQuery,
  ZApiTokenParams,
  ZApiTokenRevokeBody,
  ZInstitutionOptionDto,
  ZInstitutionOptionsQuery,
} from './api-tokens.schema.ts';
import {
  issueApiToken,
  listApiTokens,
  listInstitutionOptions,
  revokeApiTokenById,
} from './api-tokens.service.ts';

/** API tokens of medical institutions (机构接口令牌) for hospital information systems. */
export const apiTokensRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const guard = requireAuth({ permission: 'api_tokens.manage' });
  const tags = ['api-tokens'];

  app.get(
    '/api-tokens',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '机构接口令牌列表（不含令牌本身）',
        querystring: ZApiTokenListQuery,
        response: { 200: pageOf(ZApiTokenDto) },
      },
    },
    async (request) => listApiTokens(db, actorOf(request), request.query),
  );

  app.get(
    '/api-tokens/institutions',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '可签发令牌的医疗机构（本辖区、启用中）',
        querystring: ZInstitutionOptionsQuery,
        response: { 200: z.array(ZInstitutionOptionDto) },
      },
    },
    async (request) => listInstitutionOptions(db, actorOf(request), request.query.q),
  );

  app.post(
    '/api-tokens',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '签发机构接口令牌（令牌只显示这一次）',
        body: ZApiTokenIssueBody,
        response: { 201: ZApiTokenIssuedDto },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await issueApiToken(db, request, actorOf(request), request.body)),
  );

  app.post(
    '/api-tokens/:id/revoke',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '吊销机构接口令牌（立即生效）',
        params: ZApiTokenParams,
        body: ZApiTokenRevokeBody,
        response: { 200: ZApiTokenDto },
      },
    },
    async (request) =>
      revokeApiTokenById(db, request, actorOf(request), request.params.id, request.body?.reason),
  );
};
