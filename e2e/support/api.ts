import { inject } from 'vitest';

/** Direct HTTP calls to the server under test, for setting up data the browser flows start from. */

export type ApiResponse<T = unknown> = { status: number; body: T };

export type ApiUser = {
  id: number;
  username: string;
  displayName: string;
  role: string;
  regionCode: string;
  mustChangePassword: boolean;
  status: string;
};

export function baseURL(): string {
  return inject('baseURL');
}

async function call<T>(
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T> & { headers: Headers }> {
  const response = await fetch(`${baseURL()}/api/v1${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: response.headers,
  };
}

/** One login call without keeping the session: its status and body (error code and message). */
export function tryLogin(
  username: string,
  password: string,
): Promise<ApiResponse<{ error?: { code: string; message: string } }>> {
  return call('POST', '/auth/login', { body: { username, password } });
}

/** A signed-in API session: the session cookie plus the CSRF token for state-changing calls. */
export class ApiSession {
  private constructor(
    private readonly cookie: string,
    private readonly csrfToken: string,
    readonly user: ApiUser,
  ) {}

  static async login(username: string, password: string): Promise<ApiSession> {
    const response = await call<{ user: ApiUser; csrfToken: string }>('POST', '/auth/login', {
      body: { username, password },
    });
    if (response.status !== 200) {
      throw new Error(`API login of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0] ?? '')
      .filter((pair) => pair.startsWith('ha_session='))
      .join('; ');
    if (!cookie) {
      throw new Error(`API login of ${username} set no session cookie`);
    }
    return new ApiSession(cookie, response.body.csrfToken, response.body.user);
  }

  request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    return call<T>(method, path, {
      body,
      headers: { cookie: this.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrfToken }) },
    });
  }

  /** Creates an account as an administrator; the server makes it change its password at first login. */
  async createUser(user: {
    username: string;
    displayName: string;
    password: string;
    role: string;
    regionCode: string;
  }): Promise<ApiUser> {
    const response = await this.request<ApiUser>('POST', '/users', user);
    if (response.status !== 201) {
      throw new Error(
        `creating user ${user.username} failed: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }
}

/** A username no other test (or earlier run against the same server) uses. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
}
