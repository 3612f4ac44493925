/** Display labels of registry fields and history rows (codes come from the domain vocabulary). */
export const CHANGE_FIELD_LABELS: Readonly<Record<string, string>> = {
  created: '新建档案',
  name: '姓名',
  relation: '与户主关系',
  phone: '联系电话',
  household_id: '所属户',
  village_code: '所在村',
  is_insured: '参保',
  has_premium_subsidy: '资助参保',
  disability_cert: '残疾证号',
  status: '人员状态',
  status_date: '状态日期',
  needs_verification: '待核实标记',
  verification_reason: '待核实原因',
  category: '人员类别',
  address: '地址',
  head_name: '户主',
  poverty_attribute: '贫困户属性',
  main_cause: '主要致贫原因',
  other_causes: '其他致贫原因',
  registered_year: '识别年度',
  exit_status: '脱贫状态',
  exit_year: '脱贫年度',
  monitoring_type: '监测类型',
  risk_status: '风险状态',
};

export const REASON_TYPE_LABELS: Readonly<Record<string, string>> = {
  import: '导入',
  verification: '入户核实',
  manual: '手工修改',
  system: '系统',
};

export function changeFieldLabel(field: string): string {
  if (field.startsWith('per_capita_net_income_fen:')) {
    return `${field.split(':')[1]}年人均纯收入（分）`;
  }
  return CHANGE_FIELD_LABELS[field] ?? field;
}

export const SEX_LABELS = { M: '男', F: '女' } as const;
