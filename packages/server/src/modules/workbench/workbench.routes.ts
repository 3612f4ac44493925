import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { ZTodoList, ZTodoQuery } from './workbench.schema.ts';
import { listTodos } from './workbench.service.ts';

/** 工作台: the caller's pending work (我的待办), each item counted in the caller's scope (or `region` inside it). */
export const workbenchRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/workbench/todos',
    {
      preHandler: requireAuth(),
      schema: {
        tags: ['workbench'],
        summary: '我的待办（首页工作台）',
        querystring: ZTodoQuery,
        response: { 200: ZTodoList },
      },
    },
    async (request) => listTodos(db, request, actorOf(request), request.query.region),
  );
};
