import { describe, expect, it } from 'vitest';
import { INSTITUTION_CODE_CHARS, ROLE_OPTIONS, STATUS_OPTIONS, USERNAME_CHARS } from './options.ts';

describe('user form options', () => {
  it('labels every role and status in Chinese', () => {
    for (const option of [...ROLE_OPTIONS, ...STATUS_OPTIONS]) {
      expect(option.label).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(ROLE_OPTIONS.map((option) => option.value)).toContain('township');
  });

  it.each(['zhang.san', 'town_01', 'a-b', 'ABC'])('accepts the username %j', (name) => {
    expect(USERNAME_CHARS.test(name)).toBe(true);
  });

  it.each(['bad name', '张三', "x'; DROP TABLE", '=cmd', 'a<b>'])('rejects the username %j', (name) => {
    expect(USERNAME_CHARS.test(name)).toBe(false);
  });

  it('accepts institution codes with surrounding spaces and rejects other characters', () => {
    expect(INSTITUTION_CODE_CHARS.test(' H130321001 ')).toBe(true);
    expect(INSTITUTION_CODE_CHARS.test('H1 30')).toBe(false);
    expect(INSTITUTION_CODE_CHARS.test('=SUM(A1)')).toBe(false);
  });
});
