import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('audit log', () => {
  it('is append-only at the database level', async () => {
    await t.login('county');
    await expect(sql`UPDATE audit_event SET action = 'x'`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_event`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_event`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('is readable by auditors only, filtered and paginated', async () => {
    const county = await t.login('county');
    expect((await t.as(county, { method: 'GET', url: '/api/v1/audit-events' })).statusCode).toBe(403);
    const admin = await t.login('admin');
    expect((await t.as(admin, { method: 'GET', url: '/api/v1/audit-events' })).statusCode).toBe(403);

    const auditor = await t.login('auditor');
    const response = await t.as(auditor, {
      method: 'GET',
      url: '/api/v1/audit-events?action=auth.login&result=success&pageSize=2',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items).toHaveLength(2);
    expect(body.total).toBeGreaterThanOrEqual(3);
    expect(body.items[0]).toMatchObject({ action: 'auth.login', result: 'success', idUnmasked: false });
    expect(body.items[0].clientIp).toBeTruthy();
    const all = await t.as(auditor, { method: 'GET', url: '/api/v1/audit-events?pageSize=100' });
    const withRegion = all
      .json()
      .items.filter((e: { regionCode: string | null }) => e.regionCode === '130321000000');
    expect(withRegion.length).toBeGreaterThan(0);
    for (const event of withRegion) {
      expect(event.regionName).toBe('青龙满族自治县');
    }
    const denied = await t.as(auditor, { method: 'GET', url: '/api/v1/audit-events?result=denied' });
    expect(denied.json().items.map((e: { action: string }) => e.action)).toContain('access.denied');
    const bad = await t.as(auditor, { method: 'GET', url: '/api/v1/audit-events?from=2026-02-30x' });
    expect(bad.statusCode).toBe(400);
  });

  it('exports to Excel with a formula guard, and audits the export', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: '=HYPERLINK("x")', password: 'whatever1A!' },
    });
    const auditor = await t.login('auditor');
    const response = await t.as(auditor, { method: 'GET', url: '/api/v1/audit-events/export' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计日志');
    expect(sheet?.getRow(1).getCell(1).value).toBe('时间');
    const usernames: unknown[] = [];
    sheet?.eachRow((row) => usernames.push(row.getCell(2).value));
    expect(usernames).toContain(`'=HYPERLINK("x")`);
    const roles: unknown[] = [];
    sheet?.eachRow((row) => roles.push(row.getCell(3).value));
    expect(roles).toContain('审计员');
    expect(roles).not.toContain('auditor');
    const exported = await t.as(auditor, { method: 'GET', url: '/api/v1/audit-events?action=audit.export' });
    expect(exported.json().total).toBe(1);
  });
});
