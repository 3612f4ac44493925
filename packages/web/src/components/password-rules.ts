import { checkPasswordStrength } from '@healthaid/domain/access';

/**
 * Client-side hints for a new password (the server checks the same policy and has the
 * last word). Each returns a Chinese message naming the field and the problem, or null.
 */
export function findNewPasswordProblem(
  password: string,
  options: { label: string; currentPassword?: string | undefined },
): string | null {
  if (!password) {
    return `请输入${options.label}`;
  }
  if (options.currentPassword && password === options.currentPassword) {
    return `${options.label}不能与当前密码相同`;
  }
  const problem = checkPasswordStrength(password);
  return problem ? `${options.label}不符合要求：${problem.message}` : null;
}

export function findConfirmProblem(confirmation: string, password: string, label: string): string | null {
  if (!confirmation) {
    return `请再次输入${label}`;
  }
  return confirmation === password ? null : `两次输入的${label}不一致`;
}

/** Adapts a problem message to an antd Form rule validator result. */
export function toValidator(problem: string | null): Promise<void> {
  return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
}
