import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.ts';
import { api, CSRF_HEADER, onSessionExpired, requestFile, setCsrfToken } from './client.ts';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

const fetchMock = vi.fn<typeof fetch>();

function lastCall(): { url: string; init: RequestInit } {
  const call = fetchMock.mock.calls.at(-1);
  if (!call) {
    throw new Error('fetch was not called');
  }
  return { url: String(call[0]), init: call[1] ?? {} };
}

function sentHeaders(): Record<string, string> {
  return lastCall().init.headers as Record<string, string>;
}

describe('api client', () => {
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('token-1');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('prefixes /api/v1, adds the query and sends no CSRF token on GET', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { items: [], total: 0 }));
    await expect(api.get('/users', { query: { page: 2, q: '' } })).resolves.toEqual({ items: [], total: 0 });
    expect(lastCall().url).toBe('/api/v1/users?page=2');
    expect(lastCall().init.method).toBe('GET');
    expect(sentHeaders()[CSRF_HEADER]).toBeUndefined();
  });

  it.each(['post', 'patch', 'put'] as const)('sends the CSRF token and a JSON body on %s', async (method) => {
    fetchMock.mockResolvedValue(jsonResponse(200, { ok: true }));
    await api[method]('/users/7', { displayName: '李四' });
    expect(sentHeaders()[CSRF_HEADER]).toBe('token-1');
    expect(sentHeaders()['Content-Type']).toBe('application/json');
    expect(lastCall().init.body).toBe('{"displayName":"李四"}');
  });

  it('sends the CSRF token without a body or content type on a bare POST', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(api.post('/users/7/disable')).resolves.toBeUndefined();
    expect(sentHeaders()[CSRF_HEADER]).toBe('token-1');
    expect(sentHeaders()['Content-Type']).toBeUndefined();
    expect(lastCall().init.body).toBeUndefined();
  });

  it('throws the server error as an ApiError with its Chinese message', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(409, { error: { code: 'USERNAME_TAKEN', message: '用户名已存在', requestId: 'r-9' } }),
    );
    const failure = api.post('/users', { username: 'a' });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({
      status: 409,
      code: 'USERNAME_TAKEN',
      message: '用户名已存在',
    });
  });

  it('reports an expired session to the listener, except for wrong credentials or opted-out calls', async () => {
    const listener = vi.fn();
    const unsubscribe = onSessionExpired(listener);
    const expired = () =>
      jsonResponse(401, { error: { code: 'SESSION_EXPIRED', message: '登录已超时，请重新登录' } });

    fetchMock.mockResolvedValueOnce(expired());
    await expect(api.get('/users')).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(listener).toHaveBeenCalledTimes(1);

    fetchMock.mockResolvedValueOnce(
      jsonResponse(401, { error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' } }),
    );
    await expect(api.post('/auth/login', {})).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });

    fetchMock.mockResolvedValueOnce(expired());
    await expect(api.get('/auth/me', { shouldSkipSessionHandler: true })).rejects.toMatchObject({
      status: 401,
    });
    expect(listener).toHaveBeenCalledTimes(1);

    unsubscribe();
    fetchMock.mockResolvedValueOnce(expired());
    await expect(api.get('/users')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('turns a failed connection into a NETWORK_ERROR', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(api.get('/health')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('maps a non-JSON error page to the status fallback', async () => {
    fetchMock.mockResolvedValue(new Response('<html>502</html>', { status: 502 }));
    await expect(api.get('/health')).rejects.toMatchObject({
      code: 'HTTP_502',
      message: '服务器内部错误，请稍后再试',
    });
  });

  it('downloads a file with the name from Content-Disposition', async () => {
    fetchMock.mockResolvedValue(
      new Response('xlsx-bytes', {
        status: 200,
        headers: {
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`,
        },
      }),
    );
    const file = await requestFile('/audit-events/export', { query: { result: 'denied' } });
    expect(lastCall().url).toBe('/api/v1/audit-events/export?result=denied');
    expect(file.filename).toBe('审计日志.xlsx');
    expect(await file.blob.text()).toBe('xlsx-bytes');
  });
});
