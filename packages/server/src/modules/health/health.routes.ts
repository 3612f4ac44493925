import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, engine, config } = app.deps;
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: {
          200: z.object({
            status: z.enum(['ok', 'degraded']),
            database: z.enum(['pglite', 'postgres']),
            version: z.string(),
          }),
        },
      },
    },
    async () => {
      let status: 'ok' | 'degraded' = 'ok';
      try {
        await sql`select 1`.execute(db);
      } catch {
        status = 'degraded';
      }
      return { status, database: engine, version: config.version };
    },
  );
};
