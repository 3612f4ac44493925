/**
 * Chinese names of the audit log's action and object-type codes. The server stores stable
 * codes; the page shows these names next to them. Codes missing here are shown as they are,
 * so a module that starts auditing a new action never breaks the page.
 */

export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.lock': '登录失败并锁定账号',
  'auth.password_change': '修改本人密码',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.disable': '停用用户',
  'user.enable': '启用/解锁用户',
  'user.password_reset': '重置用户密码',
  'audit.export': '导出审计日志',
  'security.csrf_rejected': '拒绝无效请求令牌',
  'security.api_token_rejected': '拒绝无效接口令牌',
  'identity.checked': '就医身份识别',
  'api_token.issued': '签发机构接口令牌',
  'api_token.revoked': '吊销机构接口令牌',
  'access.denied': '无权限访问被拒绝',
  'access.out_of_scope': '越权访问（超出管辖区划）',
  'indicator.members_export': '导出指标人员名单',
  'report.generate': '生成工作总结',
  'report_template.create': '新建总结模板',
  'report_template.update': '修改总结模板',
  'report_template.delete': '删除总结模板',
  'diagnosis_task.create': '新建诊断核实任务',
  'health_checkup.create': '录入健康体检',
  'fu_enrolment.create': '纳入随访管理',
  'fu_enrolment.reopen': '重新纳入随访管理',
  'fu_visit.create': '录入随访记录',
  'fu_call.create': '记录随访电话',
  'fu_overdue.export': '导出逾期随访名单',
  'fu_overdue.print': '打印逾期随访名单',
  'fd_team.create': '新建家庭医生团队',
  'fd_team.update': '修改家庭医生团队',
  'fd_package.create': '新建签约服务包',
  'fd_contract.create': '新建家庭医生签约',
  'fd_contract.approve': '审核家庭医生签约',
  'fd_contract.renew': '续签家庭医生签约',
  'fd_contract.cancel': '解除家庭医生签约',
  'fd_contract.export': '导出签约名单',
  'fd_contract.print_agreement': '打印签约协议',
  'fd_fulfilment.create': '记录签约履约',
};

export const AUDIT_ENTITY_LABELS: Readonly<Record<string, string>> = {
  user: '用户',
  audit_event: '审计日志',
  api_token: '机构接口令牌',
  person: '人员',
  household: '家庭户',
  indicator: '指标',
  report_template: '总结模板',
  diagnosis_task: '诊断核实任务',
  health_checkup: '健康体检',
  fu_enrolment: '随访管理',
  fu_visit: '随访记录',
  fd_team: '家庭医生团队',
  fd_package: '签约服务包',
  fd_contract: '家庭医生签约',
  fd_fulfilment: '签约履约',
};

export type TCodeOption = { value: string; label: string };

/** Chinese name of a code, or the code itself when it has none. */
export function labelOf(labels: Readonly<Record<string, string>>, code: string): string {
  return Object.hasOwn(labels, code) ? (labels[code] ?? code) : code;
}

/** Options for a code picker: the Chinese name followed by the code, sorted by code. */
export function toCodeOptions(labels: Readonly<Record<string, string>>): TCodeOption[] {
  return Object.keys(labels)
    .sort()
    .map((code) => ({ value: code, label: `${labels[code]}（${code}）` }));
}

/**
 * What a user typed into a code filter, as a code: a Chinese name (or "name（code）") is
 * turned into its code; anything else is taken as a code and trimmed. Empty means no filter.
 */
export function toCode(
  labels: Readonly<Record<string, string>>,
  typed: string | undefined,
): string | undefined {
  const text = typed?.trim();
  if (!text) {
    return undefined;
  }
  if (Object.hasOwn(labels, text)) {
    return text;
  }
  const withCode = /^.*（([^（）]+)）$/.exec(text);
  if (withCode?.[1] && Object.hasOwn(labels, withCode[1])) {
    return withCode[1];
  }
  const byName = Object.keys(labels).find((code) => labels[code] === text);
  return byName ?? text;
}
