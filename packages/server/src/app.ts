import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from './app-deps.ts';
import { apiTokensRoutes } from './modules/api-tokens/api-tokens.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { chronicRoutes } from './modules/chronic/chronic.routes.ts';
import { comparisonsRoutes } from './modules/comparisons/comparisons.routes.ts';
import { diseasesRoutes } from './modules/diseases/diseases.routes.ts';
import { earlyWarningRoutes } from './modules/early-warning/early-warning.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { householdSupportRoutes } from './modules/household-support/household-support.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { indicatorsRoutes } from './modules/indicators/indicators.routes.ts';
import { institutionsRoutes } from './modules/institutions/institutions.routes.ts';
import { regionsRoutes } from './modules/regions/regions.routes.ts';
import { identityCheckRoutes } from './modules/registry/identity-check.routes.ts';
import { registryRoutes } from './modules/registry/registry.routes.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { screeningsRoutes } from './modules/screenings/screenings.routes.ts';
import { settlementsRoutes } from './modules/settlements/settlements.routes.ts';
import { supervisionRoutes } from './modules/supervision/supervision.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { workbenchRoutes } from './modules/workbench/workbench.routes.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';

export type { AppDeps } from './app-deps.ts';

// Chinese messages for zod validation errors.
z.config(z.locales.zhCN());

/** Feature modules mounted under /api/v1. Add a module here. */
const API_MODULES = [
  healthRoutes,
  authRoutes,
  usersRoutes,
  regionsRoutes,
  auditRoutes,
  indicatorsRoutes,
  reportsRoutes,
  chronicRoutes,
  registryRoutes,
  identityCheckRoutes,
  apiTokensRoutes,
  importsRoutes,
  comparisonsRoutes,
  diseasesRoutes,
  institutionsRoutes,
  settlementsRoutes,
  screeningsRoutes,
  householdSupportRoutes,
  supervisionRoutes,
  earlyWarningRoutes,
  workbenchRoutes,
];

/** Builds the application without listening (tests use `app.inject`). */
export async function buildApp(
  deps: AppDeps,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandler(app);

  registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'HealthAid 健康扶贫动态管理系统 API', version: deps.config.version },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ha_session' },
          apiToken: { type: 'http', scheme: 'bearer', description: '医疗机构接口令牌（hat_…）' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerAuth(app);
  await app.register(
    async (api) => {
      for (const module of API_MODULES) {
        await api.register(module);
      }
    },
    { prefix: '/api/v1' },
  );

  await registerWeb(app, deps.config.webDistDir);
  return app;
}

/** Serves the built web app; unknown non-API GETs get index.html (client-side routing). */
async function registerWeb(app: FastifyInstance, webDistDir: string): Promise<void> {
  const indexFile = path.join(webDistDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    app.log.warn(`web app not built (${indexFile} missing): run npm run build`);
    return;
  }
  await app.register(fastifyStatic, { root: webDistDir, wildcard: false, index: false });
  const indexHtml = fs.readFileSync(indexFile);
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.callNotFound();
    }
    const file = path.join(webDistDir, decodeURIComponent(request.url.split('?')[0] ?? '/'));
    if (file.startsWith(webDistDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(path.relative(webDistDir, file), {
        maxAge: file.includes(`${path.sep}assets${path.sep}`) ? '365d' : 0,
        immutable: file.includes(`${path.sep}assets${path.sep}`),
      });
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  });
}
