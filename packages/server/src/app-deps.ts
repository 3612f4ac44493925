import type { Kysely } from 'kysely';
import type { AppConfig } from './config.ts';
import type { Engine } from './db/database.ts';
import type { DB } from './db/schema.ts';

export type AppDeps = { db: Kysely<DB>; engine: Engine; config: AppConfig };

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
