import { describe, expect, it } from 'vitest';
import {
  ApiError,
  describeError,
  FALLBACK_MESSAGES,
  isForbidden,
  isSessionExpired,
  readErrorBody,
  toApiError,
  toNetworkError,
} from './api-error.ts';

describe('toApiError', () => {
  it('keeps the code, Chinese message, request id and details the server sent', () => {
    const error = toApiError(423, {
      error: {
        code: 'ACCOUNT_LOCKED',
        message: '账户已锁定，请于 10:30 后重试',
        requestId: 'req-1',
        details: { until: 'x' },
      },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 423,
      code: 'ACCOUNT_LOCKED',
      message: '账户已锁定，请于 10:30 后重试',
      requestId: 'req-1',
      details: { until: 'x' },
    });
  });

  it.each([
    [400, 'HTTP_400', FALLBACK_MESSAGES[400]],
    [401, 'SESSION_EXPIRED', '登录已超时，请重新登录'],
    [403, 'FORBIDDEN', '没有权限执行此操作'],
    [404, 'NOT_FOUND', '请求的资源不存在'],
    [429, 'RATE_LIMITED', '操作过于频繁，请稍后再试'],
    [502, 'HTTP_502', '服务器内部错误，请稍后再试'],
    [418, 'HTTP_418', '请求失败，请稍后再试'],
  ])('falls back for status %i without an error body', (status, code, message) => {
    const error = toApiError(status, '<html>Bad Gateway</html>');
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.requestId).toBeNull();
  });

  it('uses the status fallback when the body has a code but an empty message', () => {
    const error = toApiError(403, { error: { code: 'OUT_OF_SCOPE', message: '' } });
    expect(error.code).toBe('OUT_OF_SCOPE');
    expect(error.message).toBe('没有权限执行此操作');
  });

  it('describes a network failure in Chinese', () => {
    expect(toNetworkError()).toMatchObject({
      status: 0,
      code: 'NETWORK_ERROR',
      message: '网络连接失败，请检查网络后重试',
    });
  });
});

describe('readErrorBody', () => {
  it.each([
    [null],
    [{}],
    [{ error: 'boom' }],
    [{ error: { code: 1, message: 'x' } }],
    [{ error: { code: 'X' } }],
    [[{ error: { code: 'X', message: 'y' } }]],
  ])('rejects the malformed body %j', (body) => {
    expect(readErrorBody(body)).toBeNull();
  });
});

describe('error classification', () => {
  const error = (status: number, code: string) => new ApiError({ status, code, message: 'm' });

  it.each([
    [error(401, 'SESSION_EXPIRED'), true],
    [error(401, 'UNAUTHENTICATED'), true],
    [error(401, 'INVALID_CREDENTIALS'), false],
    [error(403, 'FORBIDDEN'), false],
    [new Error('x'), false],
  ])('isSessionExpired(%o) is %s', (value, expected) => {
    expect(isSessionExpired(value)).toBe(expected);
  });

  it('recognises 403 as forbidden', () => {
    expect(isForbidden(error(403, 'OUT_OF_SCOPE'))).toBe(true);
    expect(isForbidden(error(404, 'REGION_NOT_FOUND'))).toBe(false);
  });

  it('describes unknown thrown values with a generic Chinese message', () => {
    expect(describeError(error(409, 'USERNAME_TAKEN'))).toBe('m');
    expect(describeError(new TypeError('x is undefined'))).toBe('请求失败，请稍后再试');
  });
});
