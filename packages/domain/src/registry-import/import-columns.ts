/**
 * Columns of a person list import (人员名单导入). Each column has the Chinese header written in the
 * template, the header variants seen in lists from other departments (扶贫办, 民政, 医保局), and a
 * line for the instructions sheet. Person-level columns describe one person; household-level columns
 * (poverty attribute, causes, exit, monitoring) describe the household named by 户编号.
 */
export const IMPORT_COLUMN_KEYS = [
  'idNumber',
  'name',
  'sex',
  'birthDate',
  'householdNo',
  'relation',
  'villageCode',
  'address',
  'phone',
  'categories',
  'categoryFrom',
  'isInsured',
  'hasPremiumSubsidy',
  'disabilityCert',
  'personStatus',
  'statusDate',
  'povertyAttribute',
  'mainCause',
  'otherCauses',
  'registeredYear',
  'exitStatus',
  'exitYear',
  'monitoringType',
  'riskStatus',
] as const;
export type ImportColumnKey = (typeof IMPORT_COLUMN_KEYS)[number];

export type ImportColumn = {
  key: ImportColumnKey;
  /** Header written in the template. */
  header: string;
  /** Other headers accepted for the same column (compared after normalizeHeader). */
  aliases: readonly string[];
  /** The column must be present and every row must have a value. */
  isRequired: boolean;
  /** Household-level: describes the household of 户编号 rather than the person. */
  isHouseholdLevel: boolean;
  /** One line for the instructions sheet (填写说明). */
  help: string;
  /** A sample value for the template's example row. */
  example: string;
};

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'idNumber',
    header: '身份证号',
    aliases: [
      '公民身份号码',
      '身份证号码',
      '证件号码',
      '证件号',
      '身份证',
      '身份证件号码',
      '居民身份证号',
      '证件编号',
    ],
    isRequired: true,
    isHouseholdLevel: false,
    help: '18位公民身份号码（15位旧号码自动转换），末位X大小写均可；请将该列设置为“文本”格式，避免被存成科学计数法',
    example: '13032119800101001X',
  },
  {
    key: 'name',
    header: '姓名',
    aliases: ['人员姓名', '成员姓名', '家庭成员姓名', '参保人姓名'],
    isRequired: true,
    isHouseholdLevel: false,
    help: '与身份证一致的姓名',
    example: '张三',
  },
  {
    key: 'sex',
    header: '性别',
    aliases: [],
    isRequired: false,
    isHouseholdLevel: false,
    help: '可不填，由身份证号推算；填写时须与身份证号一致（男/女）',
    example: '男',
  },
  {
    key: 'birthDate',
    header: '出生日期',
    aliases: ['出生年月日'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '可不填，由身份证号推算；填写时须与身份证号一致',
    example: '1980-01-01',
  },
  {
    key: 'householdNo',
    header: '户编号',
    aliases: ['户号', '家庭编号', '户编码', '家庭户编号', '户主编号'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '同一户的成员填写相同户编号；户属性（贫困户属性、致贫原因、脱贫、监测）按户填写，以户主行为准',
    example: '1303211002010001',
  },
  {
    key: 'relation',
    header: '与户主关系',
    aliases: ['与户主的关系', '户主关系', '家庭关系', '关系'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '户主、配偶、之子、之女、之儿媳、之女婿、之孙子、之孙女、之父、之母、其他',
    example: '户主',
  },
  {
    key: 'villageCode',
    header: '村行政区划代码',
    aliases: [
      '行政区划代码',
      '区划代码',
      '村代码',
      '村',
      '所在村',
      '村（社区）代码',
      '村社区代码',
      '村级区划代码',
    ],
    isRequired: true,
    isHouseholdLevel: false,
    help: '12位统计用区划代码，须是您管辖范围内的村（社区）',
    example: '130321100201',
  },
  {
    key: 'address',
    header: '家庭住址',
    aliases: ['住址', '地址', '家庭地址', '现住址'],
    isRequired: false,
    isHouseholdLevel: true,
    help: '可不填',
    example: '青龙镇大杖子村1组',
  },
  {
    key: 'phone',
    header: '联系电话',
    aliases: ['电话', '手机号', '手机号码', '联系方式', '电话号码'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '11位手机号或带区号的固定电话',
    example: '13800001234',
  },
  {
    key: 'categories',
    header: '人员类别',
    aliases: ['类别', '人员属性', '身份类别', '人员身份', '救助类别'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '建档立卡贫困人口、脱贫人口、低保、特困供养、重度残疾、监测对象、低保边缘；多个用顿号分隔',
    example: '脱贫人口、低保',
  },
  {
    key: 'categoryFrom',
    header: '类别开始日期',
    aliases: ['类别起始日期', '认定日期', '纳入日期', '开始日期', '享受开始日期', '起始日期'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '填写人员类别时必填，如 2024-01-01',
    example: '2024-01-01',
  },
  {
    key: 'isInsured',
    header: '参保',
    aliases: ['是否参保', '参保状态', '参保情况', '基本医保参保'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '是/否',
    example: '是',
  },
  {
    key: 'hasPremiumSubsidy',
    header: '资助参保',
    aliases: ['是否资助参保', '资助参保情况', '参保资助'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '是/否',
    example: '是',
  },
  {
    key: 'disabilityCert',
    header: '残疾证号',
    aliases: ['残疾人证号', '残疾证号码', '残疾人证号码'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '20位：身份证号+残疾类别1位+残疾等级1位',
    example: '',
  },
  {
    key: 'personStatus',
    header: '人员状态',
    aliases: ['状态', '人员变动状态'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '正常、死亡、迁出；死亡或迁出时填写状态日期',
    example: '正常',
  },
  {
    key: 'statusDate',
    header: '状态日期',
    aliases: ['变动日期', '死亡/迁出日期'],
    isRequired: false,
    isHouseholdLevel: false,
    help: '死亡或迁出的日期',
    example: '',
  },
  {
    key: 'povertyAttribute',
    header: '贫困户属性',
    aliases: ['户属性', '贫困户类型', '贫困户性质'],
    isRequired: false,
    isHouseholdLevel: true,
    help: '一般贫困户、低保贫困户、特困供养贫困户',
    example: '一般贫困户',
  },
  {
    key: 'mainCause',
    header: '主要致贫原因',
    aliases: ['致贫原因', '主要致贫原因（单选）'],
    isRequired: false,
    isHouseholdLevel: true,
    help: '因病、因残、因学、因灾、缺土地、缺水、缺技术、缺劳力、缺资金、交通条件落后、自身发展动力不足、其他',
    example: '因病',
  },
  {
    key: 'otherCauses',
    header: '其他致贫原因',
    aliases: ['次要致贫原因'],
    isRequired: false,
    isHouseholdLevel: true,
    help: '同上，多个用顿号分隔',
    example: '',
  },
  {
    key: 'registeredYear',
    header: '识别年度',
    aliases: ['建档年度', '纳入年度', '识别年份'],
    isRequired: false,
    isHouseholdLevel: true,
    help: '四位年份，如 2014',
    example: '2014',
  },
  {
    key: 'exitStatus',
    header: '脱贫状态',
    aliases: ['是否脱贫', '脱贫情况'],
    isRequired: false,
    isHouseholdLevel: true,
    help: '未脱贫、已脱贫',
    example: '已脱贫',
  },
  {
    key: 'exitYear',
    header: '脱贫年度',
    aliases: ['脱贫年份', '脱贫时间'],
    isRequired: false,
    isHouseholdLevel: true,
    help: '已脱贫时填写四位年份',
    example: '2019',
  },
  {
    key: 'monitoringType',
    header: '监测类型',
    aliases: ['监测对象类型', '监测户类型'],
    isRequired: false,
    isHouseholdLevel: true,
    help: '脱贫不稳定户、边缘易致贫户、突发严重困难户（也可填 0/1/2）',
    example: '',
  },
  {
    key: 'riskStatus',
    header: '风险状态',
    aliases: ['风险消除状态', '是否消除风险'],
    isRequired: false,
    isHouseholdLevel: true,
    help: '风险未消除、风险已消除；填写监测类型时必填',
    example: '',
  },
];

const COLUMN_BY_KEY = new Map(IMPORT_COLUMNS.map((c) => [c.key, c]));

export function importColumnOf(key: ImportColumnKey): ImportColumn {
  const column = COLUMN_BY_KEY.get(key);
  if (!column) {
    throw new RangeError(`unknown import column ${key}`);
  }
  return column;
}

/** Source departments that hand the health bureau person lists (domain.md §9). */
export const SOURCE_DEPARTMENTS = ['扶贫办', '民政', '医保局'] as const;
export type SourceDepartment = (typeof SOURCE_DEPARTMENTS)[number];

export function isSourceDepartment(value: string): value is SourceDepartment {
  return (SOURCE_DEPARTMENTS as readonly string[]).includes(value);
}
