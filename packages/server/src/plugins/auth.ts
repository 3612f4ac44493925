import { can, type Permission } from '@healthaid/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/app-error.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';
import '../modules/auth/actor.ts';
import { resolveSession } from '../modules/auth/auth.service.ts';
import { SESSION_COOKIE, safeEqual } from '../modules/auth/session-token.ts';

declare module 'fastify' {
  interface FastifyRequest {
    sessionProblem: 'expired' | 'invalid' | null;
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session cookie into `request.actor` for every /api request and enforces CSRF on
 * state-changing requests made with a session. Route guards (`requireAuth`) decide who may call what.
 */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionProblem', null);
  app.decorateRequest('csrfToken', null);
  const { db, config } = app.deps;

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) {
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) {
      return;
    }
    const resolution = await resolveSession(db, config.sessionSecret, token, config.sessionIdleMinutes);
    if (resolution.status !== 'ok') {
      request.sessionProblem = resolution.status;
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    request.actor = resolution.actor;
    request.csrfToken = resolution.csrfToken;
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, resolution.csrfToken)) {
        await recordAudit(db, request, {
          action: 'security.csrf_rejected',
          result: 'denied',
          detail: { method: request.method, url: request.routeOptions.url ?? request.url },
        });
        throw new AppError('CSRF_INVALID', '缺少或无效的 CSRF 令牌（X-CSRF-Token），请刷新页面后重试');
      }
    }
  });
}

export type GuardOptions = {
  permission?: Permission;
  /** Reachable while a password change is pending (me, change-password, logout). */
  allowPendingPasswordChange?: boolean;
};

/** preHandler: the caller must be logged in, and hold the permission if one is named. */
export function requireAuth(options: GuardOptions = {}) {
  return async function guard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const actor = request.actor;
    if (!actor) {
      if (request.sessionProblem === 'expired') {
        throw new AppError('SESSION_EXPIRED', '登录已超时，请重新登录');
      }
      throw new AppError('UNAUTHENTICATED', '请先登录');
    }
    if (actor.mustChangePassword && !options.allowPendingPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '首次登录或密码被重置后须先修改密码');
    }
    if (options.permission && !can(actor.role, options.permission)) {
      await recordAudit(request.server.deps.db, request, {
        action: 'access.denied',
        result: 'denied',
        regionCode: actor.regionCode,
        detail: { permission: options.permission, url: request.routeOptions.url ?? request.url },
      });
      throw new AppError('FORBIDDEN', '您的角色没有权限执行此操作');
    }
  };
}

/** The actor of a guarded route (the guard has already checked it exists). */
export function actorOf(request: FastifyRequest) {
  if (!request.actor) {
    throw new AppError('UNAUTHENTICATED', '请先登录');
  }
  return request.actor;
}
