import type { z } from 'zod';
import { type TPolicySet, ZPolicySet } from './policy-set.schema.ts';

/** One problem of a policy set: the dotted path of the field (e.g. 'basicInsurance.rules[0].rateBp') and why. */
export type PolicySetIssue = { path: string; message: string };

export type PolicySetParseResult = { ok: true; policy: TPolicySet } | { ok: false; issues: PolicySetIssue[] };

/** Chinese wording for the generic zod issues that the schema does not word itself. */
function chineseFallback(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return '缺少必填项';
  }
  switch (issue.code) {
    case 'invalid_type':
      return `类型错误，应为 ${issue.expected}`;
    case 'invalid_value':
      return `取值无效，应为 ${issue.values.map((v) => String(v)).join('、')} 之一`;
    case 'invalid_union':
      return '格式不符合任何一种允许的写法';
    case 'too_small':
      return issue.origin === 'array'
        ? `至少需要 ${String(issue.minimum)} 项`
        : `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `最多 ${String(issue.maximum)} 项`
        : `不能大于 ${String(issue.maximum)}`;
    case 'invalid_format':
      return '格式不正确';
    case 'unrecognized_keys':
      return `包含未知字段：${issue.keys.join('、')}`;
    default:
      return undefined;
  }
}

/** 'basicInsurance.rules[0].rateBp' from ['basicInsurance', 'rules', 0, 'rateBp']. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') {
      return `${text}[${key}]`;
    }
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

/**
 * Parse a policy set from JSON-like input. Every issue names the field by its path and says why in
 * Chinese, e.g. { path: 'criticalIllness.tiers[0].rateBp', message: '比例不能超过 100%（10000 基点）' }.
 */
export function parsePolicySet(input: unknown): PolicySetParseResult {
  const parsed = ZPolicySet.safeParse(input, { error: chineseFallback });
  if (parsed.success) {
    return { ok: true, policy: parsed.data };
  }
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      path: formatIssuePath(issue.path),
      message: issue.message,
    })),
  };
}

/** One line per issue: '政策参数 basicInsurance.rules[0].rateBp：比例不能超过 100%（10000 基点）'. */
export function describePolicySetIssues(issues: readonly PolicySetIssue[]): string[] {
  return issues.map((issue) => `政策参数 ${issue.path === '' ? '（整体）' : issue.path}：${issue.message}`);
}
