/**
 * Coded application errors. Every code maps to one HTTP status here, in one place; the message is
 * Chinese and meant for people, the code is stable and meant for machines.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_API_TOKEN: 401,
  CSRF_INVALID: 403,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  REGION_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  CONFLICT: 409,
  USERNAME_TAKEN: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PASSWORD_TOO_SHORT: 422,
  PASSWORD_TOO_LONG: 422,
  PASSWORD_TOO_SIMPLE: 422,
  PASSWORD_REUSED: 422,
  WRONG_PASSWORD: 422,
  INSTITUTION_REQUIRED: 422,
  UNPROCESSABLE: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在`);
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', message);
export const outOfScope = (message = '该数据不在您的管辖范围内') => new AppError('OUT_OF_SCOPE', message);
