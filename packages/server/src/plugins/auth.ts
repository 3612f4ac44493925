import { can, type Permission } from '@healthaid/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/app-error.ts';
import { bearerTokenOf } from '../modules/api-tokens/api-token-secret.ts';
import { type ApiTokenVerification, verifyApiToken } from '../modules/api-tokens/api-token-verifier.ts';
import { recordAudit, recordAuditGrouped } from '../modules/audit/audit.service.ts';
import '../modules/auth/actor.ts';
import { resolveSession } from '../modules/auth/auth.service.ts';
import { SESSION_COOKIE, safeEqual } from '../modules/auth/session-token.ts';

declare module 'fastify' {
  interface FastifyRequest {
    sessionProblem: 'expired' | 'invalid' | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Set by registerAuth for routes whose guard accepts API tokens: the permission the token needs. */
    apiTokenPermission?: Permission;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Marks guards made with `allowApiToken`, so routes that accept API tokens are known when they are added. */
const API_TOKEN_GUARD = Symbol('apiTokenGuard');
type TokenAwareGuard = { [API_TOKEN_GUARD]?: Permission };

const API_TOKEN_REFUSALS: Record<Extract<ApiTokenVerification, { ok: false }>['reason'], string> = {
  malformed: '访问令牌格式不正确',
  unknown: '访问令牌无效',
  revoked: '访问令牌已被吊销，请联系管理员重新签发',
  expired: '访问令牌已过期，请联系管理员重新签发',
  institution_inactive: '访问令牌所属医疗机构已停用',
};

/**
 * Resolves the caller of every /api request into `request.actor`: an `Authorization: Bearer` API token of a
 * medical institution (verified in memory, see api-token-verifier.ts; no CSRF, no cookie), or else the
 * session cookie, with CSRF enforced on its state-changing requests. Route guards (`requireAuth`) decide
 * who may call what.
 */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionProblem', null);
  app.decorateRequest('csrfToken', null);
  const { db, config } = app.deps;

  // A route accepts API tokens when its guard says so (requireAuth({ allowApiToken: true })).
  app.addHook('onRoute', (route) => {
    const handlers = [route.preHandler ?? []].flat() as TokenAwareGuard[];
    const permission = handlers.find((handler) => handler[API_TOKEN_GUARD])?.[API_TOKEN_GUARD];
    if (permission) {
      route.config = { ...route.config, apiTokenPermission: permission };
    }
  });

  // Refuse tokens on every other route before the body is even validated.
  app.addHook('preValidation', async (request) => {
    const token = request.actor?.apiToken;
    if (token) {
      const permission = request.routeOptions.config.apiTokenPermission;
      if (!permission || !token.permissions.includes(permission)) {
        await refuseApiToken(request, permission ?? null);
      }
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) {
      return;
    }
    // Other schemes (e.g. Basic from a reverse proxy) are not ours: the session cookie decides then.
    const authorization = request.headers.authorization;
    if (authorization !== undefined && /^bearer(\s|$)/i.test(authorization)) {
      await authenticateBearer(request, authorization);
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

/**
 * A bearer request acts as its token (a cookie sent alongside is ignored, and so is CSRF: a browser never
 * adds this header to a cross-site request by itself). A missing, malformed, unknown, expired or revoked
 * token is refused with 401 and recorded in the audit log.
 */
async function authenticateBearer(request: FastifyRequest, authorization: string): Promise<void> {
  const { db } = request.server.deps;
  const token = bearerTokenOf(authorization);
  const verification: ApiTokenVerification = token
    ? await verifyApiToken(db, token, {
        clientIp: request.ip,
        onBackgroundError: (error) =>
          request.log.warn({ err: { message: String(error) } }, 'api token last-used update failed'),
      })
    : { ok: false, reason: 'malformed', tokenId: null };
  if (verification.ok) {
    request.actor = verification.actor;
    return;
  }
  await recordAuditGrouped(db, request, {
    action: 'security.api_token_rejected',
    entityType: 'api_token',
    entityId: verification.tokenId,
    result: 'denied',
    detail: { reason: verification.reason, url: request.routeOptions.url ?? request.url },
  });
  throw new AppError(
    'INVALID_API_TOKEN',
    token ? API_TOKEN_REFUSALS[verification.reason] : '认证头格式应为“Authorization: Bearer <访问令牌>”',
  );
}

async function refuseApiToken(request: FastifyRequest, permission: Permission | null): Promise<never> {
  const actor = request.actor;
  await recordAuditGrouped(request.server.deps.db, request, {
    action: 'access.denied',
    entityType: 'api_token',
    entityId: actor?.apiToken?.id ?? null,
    result: 'denied',
    regionCode: actor?.regionCode ?? null,
    detail: { permission, url: request.routeOptions.url ?? request.url },
  });
  throw new AppError('FORBIDDEN', '访问令牌只能调用为其授权的接口（如就医身份识别），不能调用此接口');
}

export type GuardOptions = {
  permission?: Permission;
  /** Reachable while a password change is pending (me, change-password, logout). */
  allowPendingPasswordChange?: boolean;
  /**
   * Also callable with a medical institution's API token, when the token holds `permission`. Every other
   * route refuses tokens, so a token can never reach more than the routes that opt in here.
   */
  allowApiToken?: boolean;
};

/** preHandler: the caller must be logged in, and hold the permission if one is named. */
export function requireAuth(options: GuardOptions = {}) {
  const guard = async function guard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const actor = request.actor;
    if (!actor) {
      if (request.sessionProblem === 'expired') {
        throw new AppError('SESSION_EXPIRED', '登录已超时，请重新登录');
      }
      throw new AppError('UNAUTHENTICATED', '请先登录');
    }
    if (actor.apiToken) {
      // Checked in preValidation already; kept here so a guard never relies on hook order alone.
      const { permission } = options;
      if (!options.allowApiToken || !permission || !actor.apiToken.permissions.includes(permission)) {
        await refuseApiToken(request, permission ?? null);
      }
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
  if (options.allowApiToken && options.permission) {
    (guard as TokenAwareGuard)[API_TOKEN_GUARD] = options.permission;
  }
  return guard;
}

/** The actor of a guarded route (the guard has already checked it exists). */
export function actorOf(request: FastifyRequest) {
  if (!request.actor) {
    throw new AppError('UNAUTHENTICATED', '请先登录');
  }
  return request.actor;
}
