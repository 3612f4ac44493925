import type { ReportTemplate } from './report-template.ts';

/**
 * The default 工作总结汇报, modeled on the bureau reports in the project's source material: 基本情况 ·
 * 主要做法及成效 · 存在问题 · 下一步工作. Users copy and edit it; every figure is a placeholder.
 */
export const DEFAULT_REPORT_TEMPLATE: ReportTemplate = {
  title: '{{region}}卫健局健康扶贫工作总结汇报（{{from}}至{{to}}）',
  sections: [
    {
      heading: '一、基本情况',
      paragraphs: [
        '{{region}}现有建档立卡贫困户{{poor_households}}户，{{poor_persons}}人。其中因病致贫{{illness_poor_households}}户，{{illness_poor_persons}}人，占贫困户的{{illness_poor_household_share}}。现有监测对象{{monitored_households}}户，{{monitored_persons}}人。',
      ],
    },
    {
      heading: '二、主要做法及取得成效',
      paragraphs: [
        '（一）认真开展精准核查，实施大病、慢病精准救治。以扶贫、民政、医保部门提供的数据为基础，采取数据比对、入户确认等方式核实患病人员，诊断核准率{{diagnosis_verification_rate}}；纳入大病集中救治{{major_disease_patients}}人，救治率{{major_disease_treatment_rate}}；纳入慢病随访管理{{chronic_managed_persons}}人，实行一人一档、分类救治。',
        '（二）落实家庭医生签约服务。建档立卡及监测对象签约{{contracted_persons}}人，签约率{{contract_rate}}，履约率{{fulfilment_rate}}，续签率{{renewal_rate}}。慢病规范管理率{{standard_management_rate}}，高血压患者血压控制率{{bp_control_rate}}，2型糖尿病患者血糖控制率{{glucose_control_rate}}，严重精神障碍患者规范管理率{{smi_standard_management_rate}}。',
        '（三）全面实行“一站式”结算和“先诊疗后付费”。期内一站式结算{{one_stop_settlements}}人次，各项基金支付{{one_stop_settlement_amount}}；先诊疗后付费{{treat_first_pay_later}}人次，免收押金{{deposit_waived_amount}}。政策范围内补偿比{{in_scope_reimbursement_ratio}}，住院合规费用自付比{{compliant_self_pay_ratio}}。',
        '（四）做实公共卫生服务。宫颈癌筛查完成{{cervical_screening_rate}}，乳腺癌筛查完成{{breast_screening_rate}}；发放家庭保健箱{{health_kits_distributed}}个，大走访覆盖率{{visit_coverage_rate}}，政策知晓率{{policy_awareness_rate}}。标准化村卫生室{{standard_village_clinics}}个。',
      ],
    },
    {
      heading: '三、存在的问题',
      paragraphs: [
        '督导检查发现的问题整改率为{{rectification_rate}}；期内产生因病返贫致贫风险预警{{relapse_warnings}}条，处置率{{warning_handling_rate}}。部分患病人员随访记录不及时、不规范，签约服务履约不到位，仍需持续加强。',
      ],
    },
    {
      heading: '四、下一步工作',
      paragraphs: [
        '一是持续开展数据比对和入户核实，动态更新一人一档；二是落实大病专项救治和慢病规范管理，提高控制率；三是巩固一站式结算和先诊疗后付费，防止因病致贫返贫；四是对问题清单逐项整改销号。',
      ],
    },
  ],
};
