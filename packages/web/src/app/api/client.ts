import { ApiError, isSessionExpired, toApiError, toNetworkError } from './api-error.ts';
import { buildQuery, parseContentDispositionFilename, type TQueryParams } from './query-string.ts';

/**
 * The one HTTP client of the web app. Keeps the CSRF token in memory (the session cookie
 * itself is httpOnly), sends it on every state-changing request, and reports an expired
 * session to one listener (the auth provider) so it can send the user back to /login.
 */

export const API_BASE = '/api/v1';
export const CSRF_HEADER = 'X-CSRF-Token';

export type THttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type TRequestOptions = {
  query?: TQueryParams;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not report a 401 as an expired session (the login call and the startup /auth/me probe). */
  shouldSkipSessionHandler?: boolean;
};

const STATE_CHANGING: ReadonlySet<THttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let sessionExpiredListener: ((error: ApiError) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Registers the listener for expired sessions; returns a function that removes it. */
export function onSessionExpired(listener: (error: ApiError) => void): () => void {
  sessionExpiredListener = listener;
  return () => {
    if (sessionExpiredListener === listener) {
      sessionExpiredListener = null;
    }
  };
}

export function buildHeaders(method: THttpMethod, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (hasBody) {
    headers['Content-Type'] = 'application/json';
  }
  if (STATE_CHANGING.has(method) && csrfToken) {
    headers[CSRF_HEADER] = csrfToken;
  }
  return headers;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) {
    return undefined;
  }
  const text = await response.text();
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

async function send(method: THttpMethod, path: string, options: TRequestOptions): Promise<Response> {
  const hasBody = options.body !== undefined;
  try {
    return await fetch(`${API_BASE}${path}${buildQuery(options.query)}`, {
      method,
      credentials: 'same-origin',
      headers: buildHeaders(method, hasBody),
      ...(hasBody ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') {
      throw cause;
    }
    throw toNetworkError();
  }
}

async function failWith(response: Response, options: TRequestOptions): Promise<never> {
  const error = toApiError(response.status, await readJson(response));
  if (!options.shouldSkipSessionHandler && isSessionExpired(error)) {
    sessionExpiredListener?.(error);
  }
  throw error;
}

export async function request<T>(
  method: THttpMethod,
  path: string,
  options: TRequestOptions = {},
): Promise<T> {
  const response = await send(method, path, options);
  if (!response.ok) {
    return failWith(response, options);
  }
  return (await readJson(response)) as T;
}

/** Downloads a file (e.g. an .xlsx export); errors are mapped like JSON requests. */
export async function requestFile(
  path: string,
  options: TRequestOptions = {},
): Promise<{ blob: Blob; filename: string | null }> {
  const response = await send('GET', path, options);
  if (!response.ok) {
    return failWith(response, options);
  }
  return {
    blob: await response.blob(),
    filename: parseContentDispositionFilename(response.headers.get('Content-Disposition')),
  };
}

type TBodyOptions = Omit<TRequestOptions, 'body'>;

export const api = {
  get: <T>(path: string, options?: TBodyOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: TBodyOptions) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: TBodyOptions) =>
    request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: TBodyOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: TBodyOptions) => request<T>('DELETE', path, options),
};

export { ApiError };
