import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(async () => {
  await t.close();
});

const create = (payload: Record<string, unknown>) =>
  t.as(admin, { method: 'POST', url: '/api/v1/users', payload });

describe('user administration', () => {
  it('creates a township user inside the admin scope, audited', async () => {
    const response = await create({
      username: 'Zushan01',
      displayName: '祖山镇卫生院',
      password: 'Zushan#2026',
      role: 'township',
      regionCode: '130321101',
    });
    expect(response.statusCode).toBe(201);
    const user = response.json();
    expect(user).toMatchObject({
      username: 'zushan01',
      role: 'township',
      regionCode: '130321101000',
      regionName: '祖山镇',
      status: 'active',
      mustChangePassword: true,
    });
    const audit = await t.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'user.create')
      .where('entity_id', '=', String(user.id))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      username: 'admin',
      role: 'sysadmin',
      result: 'success',
      region_code: '130321101000',
    });
  });

  it.each([
    [{ username: 'ab' }, 'VALIDATION_FAILED', 'username'],
    [{ password: 'short1A' }, 'PASSWORD_TOO_SHORT', '至少需要 8 个字符'],
    [{ password: 'alllowercase1' }, 'PASSWORD_TOO_SIMPLE', '至少三类'],
    [{ regionCode: '12345' }, 'VALIDATION_FAILED', 'regionCode'],
    [{ regionCode: '130321999' }, 'REGION_NOT_FOUND', '不存在'],
    [{ regionCode: '130322' }, 'OUT_OF_SCOPE', '管辖范围'],
    [{ role: 'hospital_clerk' }, 'INSTITUTION_REQUIRED', '医疗机构'],
    [{ role: 'superuser' }, 'VALIDATION_FAILED', '角色不正确'],
    [{ extra: 1 }, 'VALIDATION_FAILED', 'extra'],
  ])('refuses %j with %s', async (patch, code, text) => {
    const response = await create({
      username: 'valid_user',
      displayName: '测试',
      password: 'Valid#2026x',
      role: 'township',
      regionCode: '130321101',
      ...patch,
    });
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toContain(text);
  });

  it('refuses a duplicate username', async () => {
    const response = await create({
      username: 'COUNTY',
      displayName: '重复',
      password: 'Valid#2026x',
      role: 'county',
      regionCode: '130321',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('USERNAME_TAKEN');
  });

  it('stores injection strings as plain text', async () => {
    const name = `<script>x</script>'; DROP TABLE app_user;--`;
    const response = await create({
      username: 'inject_test',
      displayName: name,
      password: 'Valid#2026x',
      role: 'viewer',
      regionCode: '130321',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().displayName).toBe(name);
    const list = await t.as(admin, { method: 'GET', url: '/api/v1/users?q=inject' });
    expect(list.json().items[0].displayName).toBe(name);
  });

  it('lists with pagination and filters, and only within the admin scope', async () => {
    const page = await t.as(admin, { method: 'GET', url: '/api/v1/users?page=1&pageSize=2' });
    expect(page.statusCode).toBe(200);
    expect(page.json().items).toHaveLength(2);
    expect(page.json().total).toBeGreaterThanOrEqual(7);
    // The demo viewer works at city level (130300): outside a county admin's scope.
    const all = await t.as(admin, { method: 'GET', url: '/api/v1/users?pageSize=200' });
    expect(all.json().items.map((u: { username: string }) => u.username)).not.toContain('viewer');
    const township = await t.as(admin, { method: 'GET', url: '/api/v1/users?role=township' });
    expect(township.json().items.every((u: { role: string }) => u.role === 'township')).toBe(true);
  });

  it('disables, enables and resets passwords; a reset forces a change', async () => {
    const created = await create({
      username: 'temp_user',
      displayName: '临时',
      password: 'Temp#2026x',
      role: 'township',
      regionCode: '130321102',
    });
    const id = created.json().id as number;
    const disabled = await t.as(admin, { method: 'POST', url: `/api/v1/users/${id}/disable` });
    expect(disabled.json().status).toBe('disabled');
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'temp_user', password: 'Temp#2026x' },
    });
    expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');
    await t.as(admin, { method: 'POST', url: `/api/v1/users/${id}/enable` });
    const reset = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/users/${id}/reset-password`,
      payload: { password: 'Reset#2026x' },
    });
    expect(reset.json().mustChangePassword).toBe(true);
    const session = await t.login('temp_user', 'Reset#2026x');
    const blocked = await t.as(session, { method: 'GET', url: '/api/v1/regions/scope' });
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('is for system administrators only', async () => {
    const county = await t.login('county');
    const response = await t.as(county, { method: 'GET', url: '/api/v1/users' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
    const denied = await t.database.db
      .selectFrom('audit_event')
      .select(['result'])
      .where('action', '=', 'access.denied')
      .where('username', '=', 'county')
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });
});
