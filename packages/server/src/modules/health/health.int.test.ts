import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testEngine } from '../../../test/test-database.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('reports status, engine and version without a login', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: 'ok', database: testEngine(), version: 'test' });
});

it('serves the OpenAPI document', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
  expect(response.statusCode).toBe(200);
  const doc = response.json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/api/v1/health', '/api/v1/auth/login', '/api/v1/users', '/api/v1/audit-events']),
  );
});

it('answers unknown API paths with a coded 404', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
  expect(response.statusCode).toBe(404);
  expect(response.json().error.code).toBe('NOT_FOUND');
});

it('sets security headers', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  expect(response.headers['x-frame-options']).toBeDefined();
  expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
  expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  expect(response.headers['strict-transport-security']).toContain('max-age=');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
  // The configuration switches the cross-origin embedder policy off.
  expect(response.headers['cross-origin-embedder-policy']).toBeUndefined();
  expect(response.headers['x-powered-by']).toBeUndefined();
});
