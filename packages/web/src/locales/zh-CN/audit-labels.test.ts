import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, labelOf, toCode, toCodeOptions } from './audit-labels.ts';

describe('audit labels', () => {
  it('names known codes in Chinese and shows unknown codes as they are', () => {
    expect(labelOf(AUDIT_ACTION_LABELS, 'auth.login')).toBe('登录');
    expect(labelOf(AUDIT_ACTION_LABELS, 'future.thing')).toBe('future.thing');
    expect(labelOf(AUDIT_ACTION_LABELS, 'constructor')).toBe('constructor');
    expect(labelOf(AUDIT_ENTITY_LABELS, 'user')).toBe('用户');
  });

  it('has a Chinese name for every code', () => {
    for (const labels of [AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS]) {
      for (const [code, label] of Object.entries(labels)) {
        expect(code).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
        expect(label).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('offers "name（code）" options sorted by code', () => {
    const options = toCodeOptions(AUDIT_ACTION_LABELS);
    expect(options).toContainEqual({ value: 'user.create', label: '新建用户（user.create）' });
    const codes = options.map((option) => option.value);
    expect(codes).toEqual([...codes].sort());
  });

  it.each([
    [undefined, undefined],
    ['   ', undefined],
    ['auth.login', 'auth.login'],
    [' auth.login ', 'auth.login'],
    ['登录', 'auth.login'],
    ['新建用户（user.create）', 'user.create'],
    ['something.else', 'something.else'],
    ['不存在的名称', '不存在的名称'],
  ])('turns the typed filter %j into the code %j', (typed, code) => {
    expect(toCode(AUDIT_ACTION_LABELS, typed)).toBe(code);
  });
});
