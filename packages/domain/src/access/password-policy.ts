/** Password rules (MLPS level 3 defaults): at least 8 characters from at least 3 of 4 classes. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = {
  code: 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_SIMPLE';
  message: string;
};

export function checkPasswordStrength(password: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { code: 'PASSWORD_TOO_SHORT', message: `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { code: 'PASSWORD_TOO_LONG', message: `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符` };
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    return { code: 'PASSWORD_TOO_SIMPLE', message: '密码需包含大写字母、小写字母、数字、符号中的至少三类' };
  }
  return null;
}
