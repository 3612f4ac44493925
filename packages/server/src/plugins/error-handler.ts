import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../http/app-error.ts';

export type ErrorBody = { error: { code: ErrorCode; message: string; requestId: string; details?: unknown } };

type ValidationIssue = { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } };

const LOCATION_LABELS: Record<string, string> = {
  body: '请求体',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};

function describeValidation(context: string | undefined, issues: ValidationIssue[]) {
  const where = LOCATION_LABELS[context ?? 'body'] ?? '请求';
  const details = issues.map((issue) => {
    const field = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.') || '(整体)';
    return { field, message: issue.message ?? '格式不正确' };
  });
  const summary = details
    .slice(0, 5)
    .map((d) => `字段“${d.field}”：${d.message}`)
    .join('；');
  return { message: `${where}不正确：${summary}`, details };
}

/** Maps every error to `{ error: { code, message, requestId } }`: the one place codes become statuses. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, code: ErrorCode, message: string, details?: unknown) => {
      const body: ErrorBody = {
        error: { code, message, requestId: request.id, ...(details ? { details } : {}) },
      };
      return reply.status(status).send(body);
    };
    if (error instanceof AppError) {
      return send(error.status, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const { message, details } = describeValidation(
        error.validationContext,
        error.validation as ValidationIssue[],
      );
      return send(400, 'VALIDATION_FAILED', message, details);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: { message: error.message } }, 'response serialization failed');
      return send(500, 'INTERNAL', '服务器内部错误，请联系管理员（已记录请求编号）');
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(413, 'PAYLOAD_TOO_LARGE', '请求内容过大');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(400, 'BAD_REQUEST', '请求体不是有效的 JSON');
      default:
        break;
    }
    if (error.statusCode === 429) {
      return send(429, 'RATE_LIMITED', '请求过于频繁，请稍后再试');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(error.statusCode, 'BAD_REQUEST', '请求不正确');
    }
    // Never log SQL parameters or bodies: they may hold personal data.
    request.log.error(
      { err: { message: error.message, code: error.code, stack: error.stack } },
      'unhandled error',
    );
    return send(500, 'INTERNAL', '服务器内部错误，请联系管理员（已记录请求编号）');
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: 'NOT_FOUND', message: '请求的接口不存在', requestId: request.id },
    };
    return reply.status(404).send(body);
  });
}
