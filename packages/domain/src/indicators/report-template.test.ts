import { describe, expect, it } from 'vitest';
import { DEFAULT_REPORT_TEMPLATE } from './default-report-template.ts';
import { findIndicator, type IndicatorDefinition } from './indicator-catalog.ts';
import { computeIndicatorValue, type IndicatorValue } from './indicator-value.ts';
import { checkReportTemplate, indicatorCodesOf, renderReport, tokenizeParagraph } from './report-template.ts';

const value = (
  code: string,
  numerator: number,
  denominator: number | null = null,
): [string, IndicatorValue] => [
  code,
  computeIndicatorValue(findIndicator(code) as IndicatorDefinition, { numerator, denominator }),
];

describe('report templates', () => {
  it('splits text, figures and context placeholders', () => {
    const { tokens, problems } = tokenizeParagraph(
      '{{region}}现有{{poor_households}}户，其中{{ contract_rate.numerator }}人',
    );
    expect(problems).toEqual([]);
    expect(tokens).toEqual([
      { type: 'context', key: 'region' },
      { type: 'text', text: '现有' },
      { type: 'figure', code: 'poor_households', part: 'value' },
      { type: 'text', text: '户，其中' },
      { type: 'figure', code: 'contract_rate', part: 'numerator' },
      { type: 'text', text: '人' },
    ]);
  });

  it('reports unknown indicators and parts with their place', () => {
    const problems = checkReportTemplate({
      title: '报告',
      sections: [
        {
          heading: '一',
          paragraphs: ['ok', '{{no_such}} {{poor_households.denominator}} {{contract_rate.x}}'],
        },
      ],
    });
    expect(problems.map((p) => [p.section, p.paragraph, p.message])).toEqual([
      [1, 2, '未知的指标“no_such”'],
      [1, 2, '指标“建档立卡户数”没有分母'],
      [1, 2, '“x”不是指标的组成部分（可用 numerator 或 denominator）'],
    ]);
  });

  it('ships a default template that checks clean and uses the registry figures of the source reports', () => {
    expect(checkReportTemplate(DEFAULT_REPORT_TEMPLATE)).toEqual([]);
    expect(indicatorCodesOf(DEFAULT_REPORT_TEMPLATE)).toEqual(
      expect.arrayContaining([
        'poor_households',
        'poor_persons',
        'illness_poor_households',
        'illness_poor_household_share',
      ]),
    );
    expect(DEFAULT_REPORT_TEMPLATE.sections.map((s) => s.heading)).toEqual([
      '一、基本情况',
      '二、主要做法及取得成效',
      '三、存在的问题',
      '四、下一步工作',
    ]);
  });

  it('renders figures with provenance and flags missing ones instead of printing 0', () => {
    const template = {
      title: '{{region}}{{year}}年报告',
      sections: [
        {
          heading: '基本情况',
          paragraphs: [
            '现有建档立卡贫困户{{poor_households}}户，因病致贫占{{illness_poor_household_share}}，签约率{{contract_rate}}，结算{{one_stop_settlements}}人次。',
          ],
        },
      ],
    };
    const values = new Map([
      value('poor_households', 1234),
      value('illness_poor_household_share', 432, 1234),
      value('contract_rate', 0, 0),
    ]);
    const report = renderReport(
      template,
      { regionName: '青龙满族自治县', regionCode: '130321000000', from: '2026-01-01', to: '2026-11-23' },
      values,
    );
    expect(report.title).toBe('青龙满族自治县2026年报告');
    const paragraph = report.sections[0]?.paragraphs[0] ?? [];
    expect(paragraph.map((s) => s.text).join('')).toBe(
      '现有建档立卡贫困户1,234户，因病致贫占35.01%，签约率【缺数据】，结算【缺数据】人次。',
    );
    const figures = paragraph.filter((s) => s.type === 'figure');
    expect(figures[0]).toMatchObject({
      code: 'poor_households',
      indicatorName: '建档立卡户数',
      regionCode: '130321000000',
      from: '2026-01-01',
      to: '2026-11-23',
      isMissing: false,
    });
    expect(figures[2]).toMatchObject({
      isMissing: true,
      missingReason: '建档立卡及监测对象人数为 0，无法计算',
    });
    expect(figures[3]).toMatchObject({ isMissing: true, missingReason: '该指标暂无数据来源' });
    expect(report.missingCount).toBe(2);
  });
});
