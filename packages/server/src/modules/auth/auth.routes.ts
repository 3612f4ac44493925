import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findUserWithRegion } from '../users/users.repository.ts';
import { ZUserDto } from '../users/users.schema.ts';
import { rowToUserDto } from '../users/users.service.ts';
import { deleteSession } from './auth.repository.ts';
import { attemptLogin, changeOwnPassword } from './auth.service.ts';
import { SESSION_COOKIE } from './session-token.ts';

const ZLoginBody = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});
const ZSessionResponse = z.object({ user: ZUserDto, csrfToken: z.string() });
const ZChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, '请输入当前密码').max(128),
  newPassword: z.string().min(1, '请输入新密码').max(128),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['auth'];

  const loadUser = async (id: number) => {
    const row = await findUserWithRegion(db, id);
    if (!row) {
      throw new AppError('UNAUTHENTICATED', '请先登录');
    }
    return rowToUserDto(row);
  };

  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags, summary: '登录', body: ZLoginBody, response: { 200: ZSessionResponse } },
    },
    async (request, reply) => {
      const outcome = await attemptLogin(db, config.sessionSecret, {
        ...request.body,
        clientIp: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      const who = {
        userId: outcome.user?.id ?? null,
        username: outcome.user?.username ?? request.body.username.slice(0, 64),
        role: outcome.user?.role ?? null,
        regionCode: outcome.user?.region_code ?? null,
        entityType: 'user',
        entityId: outcome.user?.id ?? null,
      };
      if (!outcome.ok) {
        await recordAudit(db, request, {
          ...who,
          action: outcome.lockedNow ? 'auth.lock' : 'auth.login',
          result: outcome.error.code === 'ACCOUNT_LOCKED' && !outcome.lockedNow ? 'denied' : 'failure',
          detail: { reason: outcome.error.code },
        });
        throw outcome.error;
      }
      await recordAudit(db, request, { ...who, action: 'auth.login', result: 'success' });
      reply.setCookie(SESSION_COOKIE, outcome.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
      });
      return { user: await loadUser(outcome.user.id), csrfToken: outcome.csrfToken };
    },
  );

  app.get(
    '/auth/me',
    {
      preHandler: requireAuth({ allowPendingPasswordChange: true }),
      schema: { tags, summary: '当前登录用户', response: { 200: ZSessionResponse } },
    },
    async (request) => ({
      user: await loadUser(actorOf(request).userId),
      csrfToken: request.csrfToken ?? '',
    }),
  );

  app.post(
    '/auth/logout',
    {
      preHandler: requireAuth({ allowPendingPasswordChange: true }),
      schema: { tags, summary: '退出登录', response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (actor.sessionId) {
        await deleteSession(db, actor.sessionId);
      }
      await recordAudit(db, request, {
        action: 'auth.logout',
        entityType: 'user',
        entityId: actor.userId,
        result: 'success',
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/change-password',
    {
      preHandler: requireAuth({ allowPendingPasswordChange: true }),
      schema: {
        tags,
        summary: '修改本人密码',
        body: ZChangePasswordBody,
        response: { 200: z.object({ user: ZUserDto }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      try {
        await changeOwnPassword(db, actor, request.body.currentPassword, request.body.newPassword);
      } catch (error) {
        if (error instanceof AppError) {
          await recordAudit(db, request, {
            action: 'auth.password_change',
            entityType: 'user',
            entityId: actor.userId,
            result: 'failure',
            detail: { reason: error.code },
          });
        }
        throw error;
      }
      await recordAudit(db, request, {
        action: 'auth.password_change',
        entityType: 'user',
        entityId: actor.userId,
        result: 'success',
      });
      return { user: await loadUser(actor.userId) };
    },
  );
};
