import { REGISTRY_METRICS as M } from './registry-facts.ts';

/**
 * The standard statistics tables (统计报表) a bureau submits: one row per child region plus a total, under
 * two-level Chinese headers. A column is a registry metric count, or a ratio of two other columns of the table.
 */
export type StatColumn =
  | { key: string; title: string; metric: string }
  | { key: string; title: string; ratioOf: { numerator: string; denominator: string } };

export type StatColumnGroup = { title: string; columns: StatColumn[] };

export type StatisticsTable = { code: string; title: string; note: string; groups: StatColumnGroup[] };

export const STATISTICS_TABLES: readonly StatisticsTable[] = [
  {
    code: 'registry_basic',
    title: '健康扶贫对象基本情况统计表',
    note: '时点数：统计期末在册、状态正常的人员；户数按户内至少一人符合条件计。',
    groups: [
      {
        title: '建档立卡（含脱贫）',
        columns: [
          { key: 'poor_households', title: '户数', metric: M.poorHouseholds },
          { key: 'poor_persons', title: '人数', metric: M.poorPersons },
        ],
      },
      {
        title: '其中：因病致贫',
        columns: [
          { key: 'illness_households', title: '户数', metric: M.illnessPoorHouseholds },
          { key: 'illness_persons', title: '人数', metric: M.illnessPoorPersons },
          {
            key: 'illness_share',
            title: '占贫困户比例',
            ratioOf: { numerator: 'illness_households', denominator: 'poor_households' },
          },
        ],
      },
      {
        title: '监测对象',
        columns: [
          { key: 'monitored_households', title: '户数', metric: M.monitoredHouseholds },
          { key: 'monitored_persons', title: '人数', metric: M.monitoredPersons },
        ],
      },
      {
        title: '按人员类别（人）',
        columns: [
          { key: 'cat_poor', title: '建档立卡贫困人口', metric: `${M.categoryPrefix}poor_registered` },
          { key: 'cat_exited', title: '脱贫人口', metric: `${M.categoryPrefix}poverty_exited` },
          { key: 'cat_dibao', title: '低保', metric: `${M.categoryPrefix}dibao` },
          { key: 'cat_tekun', title: '特困供养', metric: `${M.categoryPrefix}tekun` },
          { key: 'cat_disability', title: '重度残疾', metric: `${M.categoryPrefix}severe_disability` },
          { key: 'cat_edge', title: '低保边缘', metric: `${M.categoryPrefix}dibao_edge` },
        ],
      },
    ],
  },
  {
    code: 'poverty_causes',
    title: '建档立卡户致贫原因统计表',
    note: '时点数：统计期末有建档立卡或脱贫人口的户，按主要致贫原因分列。',
    groups: [
      { title: '合计', columns: [{ key: 'total', title: '户数', metric: M.poorHouseholds }] },
      {
        title: '主要致贫原因（户）',
        columns: [
          '因病',
          '因残',
          '因学',
          '因灾',
          '缺土地',
          '缺水',
          '缺技术',
          '缺劳力',
          '缺资金',
          '交通条件落后',
          '自身发展动力不足',
          '其他',
        ].map((cause, i) => ({ key: `cause_${i}`, title: cause, metric: `${M.causePrefix}${cause}` })),
      },
      {
        title: '因病占比',
        columns: [
          { key: 'illness_share', title: '%', ratioOf: { numerator: 'cause_0', denominator: 'total' } },
        ],
      },
    ],
  },
];

export function findStatisticsTable(code: string): StatisticsTable | undefined {
  return STATISTICS_TABLES.find((t) => t.code === code);
}

/** Every registry metric a table reads. */
export function metricsOfTable(table: StatisticsTable): string[] {
  return table.groups.flatMap((g) => g.columns.flatMap((c) => ('metric' in c ? [c.metric] : [])));
}
