import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/iso-date.ts';
import { WARNING_STATUSES, type WarningStatus } from './vocabulary.ts';
import {
  type TAssistanceMeasureInput,
  transitionWarning,
  WARNING_TRANSITIONS,
  warningHandlingRate,
} from './warning-status.ts';

const RAISED = '2026-10-01';
const at = (status: WarningStatus) => ({ status, statusDate: RAISED });
const ASSISTANCE: TAssistanceMeasureInput = {
  measure: 'medical_assistance',
  date: '2026-10-05',
  amountFen: 350_000,
  note: '民政医疗救助',
};

describe('warning handling', () => {
  it.each<[WarningStatus, WarningStatus, TAssistanceMeasureInput[], string | undefined, string | null]>([
    ['pending', 'handling', [], undefined, null],
    ['pending', 'handling', [ASSISTANCE], '已上报民政', null],
    ['pending', 'handled', [ASSISTANCE], undefined, '2026-10-06'],
    ['handling', 'handled', [{ measure: 'include_monitoring', date: '2026-10-06' }], undefined, '2026-10-06'],
    ['pending', 'excluded', [], '核实为误报：费用已由商业保险报销', '2026-10-06'],
    ['handling', 'excluded', [], '已迁出本县', '2026-10-06'],
  ])('%s → %s', (from, to, measures, reason, disposedOn) => {
    const result = transitionWarning(at(from), { to, date: '2026-10-06', measures, reason });
    expect(result).toEqual({
      ok: true,
      value: { status: to, statusDate: '2026-10-06', disposedOn, reason: reason ?? null, measures },
    });
  });

  it.each<[WarningStatus, WarningStatus, Partial<Parameters<typeof transitionWarning>[1]>, string]>([
    ['pending', 'handled', {}, '变更为“已处置”时必须登记至少一项帮扶措施（如医疗救助、临时救助）'],
    [
      'pending',
      'excluded',
      { reason: '  ' },
      '排除预警时必须填写排除原因（如：核实为误报、费用已由其他渠道报销）',
    ],
    [
      'pending',
      'excluded',
      { reason: '误报', measures: [ASSISTANCE] },
      '已排除的预警不登记帮扶措施；如已采取措施，请选择“已处置”',
    ],
    ['handling', 'pending', {}, '处置状态：不能从“处置中”变更为“待处置”'],
    ['handled', 'handling', {}, '预警已“已处置”，不能再变更；如风险再次出现，系统会产生新的预警'],
    [
      'excluded',
      'handled',
      { measures: [ASSISTANCE] },
      '预警已“已排除”，不能再变更；如风险再次出现，系统会产生新的预警',
    ],
    [
      'pending',
      'handled',
      { measures: [{ ...ASSISTANCE, amountFen: null }] },
      '第1项帮扶措施（医疗救助）：须填写救助金额',
    ],
    [
      'pending',
      'handled',
      {
        measures: [
          { measure: 'family_doctor', date: '2026-10-05' },
          { ...ASSISTANCE, date: '2026-10-07' },
        ],
      },
      '第2项帮扶措施（医疗救助）：日期2026-10-07晚于处置日期2026-10-06',
    ],
    [
      'pending',
      'handled',
      { measures: [{ ...ASSISTANCE, date: '2026-13-01' }] },
      '第1项帮扶措施（医疗救助）：日期“2026-13-01”无效，应为 YYYY-MM-DD',
    ],
  ])('refuses %s → %s (%o): %s', (from, to, patch, message) => {
    const result = transitionWarning(at(from), { to, date: '2026-10-06', ...patch });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toBe(message);
  });

  it('never goes back before the last change', () => {
    const result = transitionWarning(at('pending'), { to: 'handling', date: '2026-09-30' });
    expect(!result.ok && result.error.message).toBe(
      '处置状态变更日期2026-09-30早于上一状态“待处置”的日期2026-10-01',
    );
  });

  it('follows the transition table and ends disposed (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WARNING_STATUSES), { maxLength: 8 }), (targets) => {
        let state = at('pending');
        targets.forEach((to, i) => {
          const result = transitionWarning(state, {
            to,
            date: addDays(RAISED, i + 1),
            reason: '原因',
            measures: to === 'excluded' ? [] : [{ measure: 'other', date: RAISED }],
          });
          expect(result.ok).toBe(WARNING_TRANSITIONS[state.status].includes(to));
          if (result.ok) {
            expect(result.value.disposedOn !== null).toBe(to === 'handled' || to === 'excluded');
            state = { status: result.value.status, statusDate: result.value.statusDate };
          }
        });
      }),
    );
  });
});

describe('预警处置率', () => {
  it('counts warnings raised in the period and disposed of by its end', () => {
    const rate = warningHandlingRate(
      [
        { raisedOn: '2026-01-10', disposedOn: '2026-01-20' },
        { raisedOn: '2026-02-10', disposedOn: '2026-04-01' }, // disposed after the period
        { raisedOn: '2026-03-01', disposedOn: null },
        { raisedOn: '2025-12-30', disposedOn: '2026-01-02' }, // raised before the period
      ],
      { from: '2026-01-01', to: '2026-03-31' },
    );
    expect(rate).toEqual({ raised: 3, disposed: 1, rateBp: 3_333 });
    expect(warningHandlingRate([], { from: '2026-01-01', to: '2026-03-31' }).rateBp).toBeNull();
  });
});
