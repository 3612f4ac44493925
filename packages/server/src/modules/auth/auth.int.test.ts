import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

describe('login and sessions', () => {
  it('logs in, returns the user and a CSRF token, and sets an httpOnly SameSite=Strict cookie', async () => {
    const response = await login('county', 'County@2026');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ username: 'county', role: 'county', regionCode: '130321000000' });
    expect(body.user.regionName).toBe('青龙满族自治县');
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = response.cookies.find((c) => c.name === 'ha_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('refuses a wrong password with a Chinese message and counts down', async () => {
    const response = await login('viewer', 'wrong-password');
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(response.json().error.message).toContain('用户名或密码错误');
  });

  it('locks an account for 15 minutes after 5 failures, even for the right password', async () => {
    for (let i = 1; i <= 4; i += 1) {
      expect((await login('auditor', `Wrong${i}!aa`)).statusCode).toBe(401);
    }
    const fifth = await login('auditor', 'Wrong5!aa');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(fifth.json().error.message).toContain('锁定 15 分钟');
    const right = await login('auditor', 'Audit@2026');
    expect(right.statusCode).toBe(423);
    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'result'])
      .where('username', '=', 'auditor')
      .orderBy('id')
      .execute();
    expect(events.map((e) => `${e.action}:${e.result}`)).toEqual([
      'auth.login:failure',
      'auth.login:failure',
      'auth.login:failure',
      'auth.login:failure',
      'auth.lock:failure',
      'auth.login:denied',
    ]);
  });

  it('an unknown user gets the same answer as a wrong password', async () => {
    const response = await login('nobody', 'whatever1A!');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const session = await t.login('county');
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_INVALID');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, 'x-csrf-token': 'forged' },
    });
    expect(forged.statusCode).toBe(403);
    const ok = await t.as(session, { method: 'POST', url: '/api/v1/auth/logout' });
    expect(ok.statusCode).toBe(200);
    const after = await t.as(session, { method: 'GET', url: '/api/v1/auth/me' });
    expect(after.statusCode).toBe(401);
  });

  it('rejects a forged session cookie', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: 'ha_session=forged-token' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('expires a session after 30 idle minutes', async () => {
    const session = await t.login('township');
    await t.database.db
      .updateTable('session')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .execute();
    const response = await t.as(session, { method: 'GET', url: '/api/v1/auth/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({
      code: 'SESSION_EXPIRED',
      message: '登录已超时，请重新登录',
    });
  });

  it('rejects unknown fields and oversized bodies', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'county', password: 'County@2026', isAdmin: true },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED');
    expect(unknown.json().error.message).toContain('isAdmin');
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'x'.repeat(2 * 1024 * 1024), password: 'y' },
    });
    expect(huge.statusCode).toBe(413);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toBe('请求体不是有效的 JSON');
  });
});

describe('forced password change', () => {
  it('blocks everything but me/change-password/logout until the password is changed', async () => {
    const admin = await t.login('admin');
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'newcounty',
        displayName: '新县级用户',
        password: 'Initial#2026',
        role: 'county',
        regionCode: '130321',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().mustChangePassword).toBe(true);

    const session = await t.login('newcounty', 'Initial#2026');
    const blocked = await t.as(session, { method: 'GET', url: '/api/v1/regions/130321/children' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');

    const weak = await t.as(session, {
      method: 'POST',
      url: '/api/v1/auth/change-password',
      payload: { currentPassword: 'Initial#2026', newPassword: 'abcdefgh' },
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('PASSWORD_TOO_SIMPLE');

    const changed = await t.as(session, {
      method: 'POST',
      url: '/api/v1/auth/change-password',
      payload: { currentPassword: 'Initial#2026', newPassword: 'Better#2026x' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user.mustChangePassword).toBe(false);
    const allowed = await t.as(session, { method: 'GET', url: '/api/v1/regions/130321/children' });
    expect(allowed.statusCode).toBe(200);
  });
});
