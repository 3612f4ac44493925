/**
 * Error model of the HTTP API. The server answers every failure with
 * `{ error: { code, message, requestId, details? } }`; this module turns any response
 * (including non-JSON bodies and network failures) into one `ApiError`.
 */

export type TApiErrorBody = {
  code: string;
  message: string;
  requestId?: string;
  details?: unknown;
};

/** Chinese fallback messages when the server sent no usable error body. */
export const FALLBACK_MESSAGES: Readonly<Record<number, string>> = {
  0: '网络连接失败，请检查网络后重试',
  400: '请求参数有误',
  401: '登录已超时，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的资源不存在',
  409: '数据冲突，请刷新后重试',
  422: '提交的数据未通过校验',
  423: '账户已被锁定',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误，请稍后再试',
};

const DEFAULT_MESSAGE = '请求失败，请稍后再试';

/** Status codes whose generic code is used when the body carries none. */
const FALLBACK_CODES: Readonly<Record<number, string>> = {
  0: 'NETWORK_ERROR',
  401: 'SESSION_EXPIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMITED',
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly details: unknown;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    requestId?: string | null;
    details?: unknown;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId ?? null;
    this.details = options.details;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `{ error: {...} }` out of a parsed body; returns null for any other shape. */
export function readErrorBody(body: unknown): TApiErrorBody | null {
  if (!isRecord(body) || !isRecord(body.error)) {
    return null;
  }
  const { code, message, requestId, details } = body.error;
  if (typeof code !== 'string' || typeof message !== 'string') {
    return null;
  }
  return {
    code,
    message,
    ...(typeof requestId === 'string' ? { requestId } : {}),
    ...(details === undefined ? {} : { details }),
  };
}

/** Maps an HTTP status and parsed body (or null) to an `ApiError` with a Chinese message. */
export function toApiError(status: number, body: unknown): ApiError {
  const parsed = readErrorBody(body);
  const fallbackMessage = FALLBACK_MESSAGES[status] ?? (status >= 500 ? FALLBACK_MESSAGES[500] : undefined);
  return new ApiError({
    status,
    code: parsed?.code ?? FALLBACK_CODES[status] ?? `HTTP_${status}`,
    message: parsed?.message || fallbackMessage || DEFAULT_MESSAGE,
    requestId: parsed?.requestId ?? null,
    details: parsed?.details,
  });
}

/** The error a request ends with when it never reached the server. */
export function toNetworkError(): ApiError {
  return toApiError(0, null);
}

/** Codes of a 401 that mean "wrong username or password" rather than "the session ended". */
const CREDENTIAL_CODES: ReadonlySet<string> = new Set(['INVALID_CREDENTIALS']);

export function isSessionExpired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && !CREDENTIAL_CODES.has(error.code);
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** A Chinese message for any thrown value, for `message.error(...)`. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.message;
  }
  return DEFAULT_MESSAGE;
}
