import { describe, expect, it } from 'vitest';
import { findConfirmProblem, findNewPasswordProblem, toValidator } from './password-rules.ts';

describe('findNewPasswordProblem', () => {
  it.each([
    ['', undefined, '请输入新密码'],
    ['Abcdef1!', 'Abcdef1!', '新密码不能与当前密码相同'],
    ['Ab1!', undefined, '新密码不符合要求：密码至少需要 8 个字符'],
    ['abcdefgh', undefined, '新密码不符合要求：密码需包含大写字母、小写字母、数字、符号中的至少三类'],
    ['Abcdefg1', 'Other#123', null],
  ])('password %j (current %j) gives %j', (password, currentPassword, expected) => {
    expect(findNewPasswordProblem(password, { label: '新密码', currentPassword })).toBe(expected);
  });

  it('names the field it checks', () => {
    expect(findNewPasswordProblem('', { label: '初始密码' })).toBe('请输入初始密码');
  });
});

describe('findConfirmProblem', () => {
  it.each([
    ['', 'Abcdefg1', '请再次输入新密码'],
    ['Abcdefg2', 'Abcdefg1', '两次输入的新密码不一致'],
    ['Abcdefg1', 'Abcdefg1', null],
  ])('confirmation %j of %j gives %j', (confirmation, password, expected) => {
    expect(findConfirmProblem(confirmation, password, '新密码')).toBe(expected);
  });
});

describe('toValidator', () => {
  it('rejects with the message or resolves', async () => {
    await expect(toValidator('两次输入的新密码不一致')).rejects.toThrow('两次输入的新密码不一致');
    await expect(toValidator(null)).resolves.toBeUndefined();
  });
});
