import { addDays, addYears, chinaDateOf } from '@healthaid/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { whenAuditWriterIdle } from '../audit/audit.service.ts';
import {
  DATE,
  ID_ZHAO,
  inOneYear,
  insertApiTokenRow,
  seedIdentityFixture,
} from '../registry/identity-check.fixtures.ts';
import { hashApiToken } from './api-token-secret.ts';

let t: TestApp;
let admin: Session;
let county: Session;
let clerk: Session;

type Issued = {
  token: { id: number; status: string; tokenPrefix: string; regionCode: string };
  secret: string;
};

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const issue = (session: Session, body: Record<string, unknown>) =>
  t.as(session, { method: 'POST', url: '/api/v1/api-tokens', payload: body });
async function issueOrFail(session: Session, body: Record<string, unknown>): Promise<Issued> {
  const response = await issue(session, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Issued>();
}
const lookUp = (token: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/identity/${ID_ZHAO}?date=${DATE}`, headers: bearer(token) });

async function auditsOf(action: string) {
  await whenAuditWriterIdle(t.database.db);
  return t.database.db
    .selectFrom('audit_event')
    .select(['username', 'user_id', 'result', 'entity_id', 'detail'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  await seedIdentityFixture(t.database.db);
  admin = await t.login('admin');
  county = await t.login('county');
  clerk = await t.login('clerk');
});

afterAll(async () => {
  await t.close();
});

describe('issuing', () => {
  it('shows the token once, stores only its SHA-256, lists it without the secret; audited', async () => {
    const issued = await issueOrFail(admin, {
      name: '县医院HIS',
      institutionCode: 'H130321001',
      expiresOn: inOneYear(),
    });
    expect(issued.secret).toMatch(/^hat_[A-Za-z0-9_-]{43}$/);
    expect(issued.token).toMatchObject({
      status: 'active',
      tokenPrefix: issued.secret.slice(0, 12),
      regionCode: '130321000000',
      regionName: '青龙满族自治县',
      institutionName: '青龙满族自治县医院',
      permissions: ['identity.check'],
      createdBy: 'admin',
      lastUsedAt: null,
    });
    const stored = await t.database.db
      .selectFrom('api_token')
      .selectAll()
      .where('id', '=', issued.token.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashApiToken(issued.secret));
    expect(JSON.stringify(stored)).not.toContain(issued.secret.slice(12));
    // Valid through the whole expiry day in China time.
    expect(stored.expires_at.toISOString()).toBe(
      new Date(`${addDays(inOneYear(), 1)}T00:00:00+08:00`).toISOString(),
    );
    const list = await t.as(admin, { method: 'GET', url: '/api/v1/api-tokens' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(issued.secret.slice(12));
    expect(list.json().items.map((i: { id: number }) => i.id)).toContain(issued.token.id);
    const audits = await auditsOf('api_token.issued');
    expect(audits.at(-1)).toMatchObject({
      username: 'admin',
      result: 'success',
      entity_id: String(issued.token.id),
    });
    expect(JSON.stringify(audits)).not.toContain(issued.secret.slice(12));
  });

  it('the county user may issue too; a clerk may not', async () => {
    await issueOrFail(county, { name: '乡镇卫生院', institutionCode: 'H130321001', expiresOn: inOneYear() });
    const refused = await issue(clerk, { name: 'x', institutionCode: 'H130321001', expiresOn: inOneYear() });
    expect(refused.statusCode).toBe(403);
    expect((await t.as(clerk, { method: 'GET', url: '/api/v1/api-tokens' })).statusCode).toBe(403);
  });

  it.each([
    [{ institutionCode: 'H320902001' }, 400, '不存在或不在您的管辖范围内'],
    [{ institutionCode: 'NOPE0001' }, 400, '不存在或不在您的管辖范围内'],
    [{ institutionCode: 'H130321777' }, 400, '已停用'],
    [{ regionCode: '320902' }, 400, '必须是该机构所在县'],
    [{ regionCode: '130321999' }, 404, '不存在'],
    [{ regionCode: '999999' }, 400, '格式不正确'],
    [{ expiresOn: chinaDateOf(new Date()) }, 400, '有效期至（expiresOn）应晚于今天'],
    [{ expiresOn: addDays(addYears(chinaDateOf(new Date()), 3), 1) }, 400, '不超过 3 年'],
    [{ expiresOn: '2026-02-30' }, 400, 'YYYY-MM-DD'],
    [{ permissions: ['users.manage'] }, 400, '令牌只能授予接口权限'],
    [{ permissions: [] }, 400, '至少授予一项接口权限'],
    [{ name: '' }, 400, '令牌名称不能为空'],
  ])('refuses %j with %i and a Chinese reason', async (change, status, text) => {
    const response = await issue(admin, {
      name: '测试',
      institutionCode: 'H130321001',
      expiresOn: inOneYear(),
      ...change,
    });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.message).toContain(text);
  });

  it('a token may be narrowed to a township of the county', async () => {
    const issued = await issueOrFail(admin, {
      name: '青龙镇卫生院',
      institutionCode: 'H130321001',
      regionCode: '130321101',
      expiresOn: inOneYear(),
    });
    expect(issued.token.regionCode).toBe('130321101000');
    expect((await lookUp(issued.secret)).json().found).toBe(false);
  });
});

describe('using a token', () => {
  it('acts as a clerk of its institution, records the last use, and needs no CSRF token', async () => {
    const issued = await issueOrFail(admin, {
      name: 'HIS',
      institutionCode: 'H130321001',
      expiresOn: inOneYear(),
    });
    const response = await lookUp(issued.secret);
    expect(response.statusCode).toBe(200);
    expect(response.json().found).toBe(true);
    const audits = await auditsOf('identity.checked');
    expect(audits.at(-1)).toMatchObject({ username: `api:H130321001#${issued.token.id}`, user_id: null });
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/identity/batch',
      headers: bearer(issued.secret),
      payload: { items: [ID_ZHAO] },
    });
    expect(posted.statusCode).toBe(200);
    // last_used_at is written off the request path.
    let lastUsedAt: Date | null = null;
    for (let i = 0; i < 50 && !lastUsedAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      lastUsedAt = (
        await t.database.db
          .selectFrom('api_token')
          .select('last_used_at')
          .where('id', '=', issued.token.id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    }
    expect(lastUsedAt).not.toBeNull();
  });

  it.each([
    ['GET', '/api/v1/persons'],
    ['GET', '/api/v1/auth/me'],
    ['GET', '/api/v1/api-tokens'],
    ['POST', '/api/v1/api-tokens'],
    ['GET', '/api/v1/settlements'],
    ['GET', '/api/v1/audit-events'],
    ['GET', '/api/v1/regions/130321000000/children'],
  ])('cannot call %s %s (403, audited)', async (method, url) => {
    const issued = await issueOrFail(admin, {
      name: 'HIS',
      institutionCode: 'H130321001',
      expiresOn: inOneYear(),
    });
    const response = await t.app.inject({
      method: method as 'GET' | 'POST',
      url,
      headers: bearer(issued.secret),
      ...(method === 'POST' ? { payload: {} } : {}),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('访问令牌只能调用为其授权的接口');
    const denied = await auditsOf('access.denied');
    expect(denied.at(-1)).toMatchObject({ username: `api:H130321001#${issued.token.id}`, result: 'denied' });
  });

  it('a token without the identity permission cannot check identities', async () => {
    const secret = await insertApiTokenRow(t.database.db, {
      institutionCode: 'H130321001',
      regionCode: '130321000000',
      permissions: ['settlements.write'],
    });
    expect((await lookUp(secret)).statusCode).toBe(403);
  });

  it.each([
    ['Bearer hat_unknownunknownunknownunknownunknownunknownu', '访问令牌无效'],
    ['Bearer nonsense', '访问令牌格式不正确'],
    ['Bearer', '认证头格式应为'],
    ['bearer  a b', '认证头格式应为'],
  ])('refuses %j with 401 and records it', async (authorization, text) => {
    const before = (await auditsOf('security.api_token_rejected')).length;
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/identity/${ID_ZHAO}`,
      headers: { authorization },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'INVALID_API_TOKEN' });
    expect(response.json().error.message).toContain(text);
    expect((await auditsOf('security.api_token_rejected')).length).toBe(before + 1);
  });

  it('a bearer token wins over a session cookie sent along; other schemes leave the session alone', async () => {
    const issued = await issueOrFail(admin, {
      name: 'HIS',
      institutionCode: 'H130321001',
      expiresOn: inOneYear(),
    });
    const both = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { ...bearer(issued.secret), cookie: admin.cookie },
    });
    expect(both.statusCode).toBe(403);
    const basic = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { authorization: 'Basic dXNlcjpwYXNz', cookie: admin.cookie },
    });
    expect(basic.statusCode).toBe(200);
  });
});

describe('revocation and expiry', () => {
  it('a revoked token is refused on its very next request; revoking twice is a conflict; audited', async () => {
    const issued = await issueOrFail(admin, {
      name: 'HIS',
      institutionCode: 'H130321001',
      expiresOn: inOneYear(),
    });
    expect((await lookUp(issued.secret)).statusCode).toBe(200);
    const revoked = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/api-tokens/${issued.token.id}/revoke`,
      payload: { reason: '系统更换' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokedBy: 'admin', revokeReason: '系统更换' });
    const refused = await lookUp(issued.secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toContain('已被吊销');
    const again = await t.as(admin, { method: 'POST', url: `/api/v1/api-tokens/${issued.token.id}/revoke` });
    expect(again.statusCode).toBe(409);
    expect((await auditsOf('api_token.revoked')).at(-1)).toMatchObject({
      username: 'admin',
      entity_id: String(issued.token.id),
      detail: { reason: '系统更换' },
    });
    const listed = await t.as(admin, { method: 'GET', url: '/api/v1/api-tokens?status=revoked' });
    expect(listed.json().items.map((i: { id: number }) => i.id)).toContain(issued.token.id);
    const active = await t.as(admin, { method: 'GET', url: '/api/v1/api-tokens?status=active' });
    expect(active.json().items.map((i: { id: number }) => i.id)).not.toContain(issued.token.id);
  });

  it('an expired token is refused and listed as expired', async () => {
    const secret = await insertApiTokenRow(t.database.db, {
      institutionCode: 'H130321001',
      regionCode: '130321000000',
      expiresAt: new Date(Date.now() - 60_000),
    });
    const refused = await lookUp(secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toContain('已过期');
    const listed = await t.as(admin, { method: 'GET', url: '/api/v1/api-tokens?status=expired' });
    expect(listed.json().total).toBeGreaterThanOrEqual(1);
  });

  it('a token of an institution that was deactivated is refused', async () => {
    const secret = await insertApiTokenRow(t.database.db, {
      institutionCode: 'H130321777',
      regionCode: '130321000000',
    });
    const refused = await lookUp(secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toContain('医疗机构已停用');
  });

  it('an administrator cannot see or revoke tokens outside the own scope', async () => {
    const secret = await insertApiTokenRow(t.database.db, {
      institutionCode: 'H320902001',
      regionCode: '320902000000',
    });
    const row = await t.database.db
      .selectFrom('api_token')
      .select('id')
      .where('token_hash', '=', hashApiToken(secret))
      .executeTakeFirstOrThrow();
    const list = await t.as(admin, { method: 'GET', url: '/api/v1/api-tokens?pageSize=200' });
    expect(list.json().items.map((i: { id: number }) => i.id)).not.toContain(row.id);
    const revoke = await t.as(admin, { method: 'POST', url: `/api/v1/api-tokens/${row.id}/revoke` });
    expect(revoke.statusCode).toBe(404);
  });

  it('lists the institutions of the own scope for the form', async () => {
    const response = await t.as(admin, { method: 'GET', url: '/api/v1/api-tokens/institutions?q=H' });
    expect(response.statusCode).toBe(200);
    const codes = response.json().map((i: { code: string }) => i.code);
    expect(codes).toContain('H130321001');
    expect(codes).not.toContain('H320902001');
    expect(codes).not.toContain('H130321777');
  });
});
