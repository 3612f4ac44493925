import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageOf } from '../../http/pagination.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import {
  ZCreateUserBody,
  ZListUsersQuery,
  ZResetPasswordBody,
  ZUpdateUserBody,
  ZUserDto,
  ZUserIdParams,
} from './users.schema.ts';
import { changeUser, createUser, listUsers, resetUserPassword, setUserStatus } from './users.service.ts';

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const guard = requireAuth({ permission: 'users.manage' });
  const tags = ['users'];

  app.get(
    '/users',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '用户列表',
        querystring: ZListUsersQuery,
        response: { 200: pageOf(ZUserDto) },
      },
    },
    async (request) => listUsers(db, actorOf(request), request.query),
  );

  app.post(
    '/users',
    {
      preHandler: guard,
      schema: { tags, summary: '新建用户', body: ZCreateUserBody, response: { 201: ZUserDto } },
    },
    async (request, reply) =>
      reply.status(201).send(await createUser(db, request, actorOf(request), request.body)),
  );

  app.patch(
    '/users/:id',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '修改用户',
        params: ZUserIdParams,
        body: ZUpdateUserBody,
        response: { 200: ZUserDto },
      },
    },
    async (request) => changeUser(db, request, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/users/:id/disable',
    {
      preHandler: guard,
      schema: { tags, summary: '停用用户', params: ZUserIdParams, response: { 200: ZUserDto } },
    },
    async (request) => setUserStatus(db, request, actorOf(request), request.params.id, 'disabled'),
  );

  app.post(
    '/users/:id/enable',
    {
      preHandler: guard,
      schema: { tags, summary: '启用（并解锁）用户', params: ZUserIdParams, response: { 200: ZUserDto } },
    },
    async (request) => setUserStatus(db, request, actorOf(request), request.params.id, 'active'),
  );

  app.post(
    '/users/:id/reset-password',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '重置密码（下次登录须修改）',
        params: ZUserIdParams,
        body: ZResetPasswordBody,
        response: { 200: ZUserDto },
      },
    },
    async (request) =>
      resetUserPassword(db, request, actorOf(request), request.params.id, request.body.password),
  );
};
