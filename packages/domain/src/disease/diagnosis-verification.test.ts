import { describe, expect, it } from 'vitest';
import type { Role } from '../access/roles.ts';
import {
  computeVerificationRate,
  DIAGNOSIS_SOURCE_LABELS,
  DIAGNOSIS_SOURCES,
  pendingVerification,
  type TDiagnosisVerification,
  transitionDiagnosisVerification,
  VERIFICATION_STATUS_LABELS,
  type VerificationStatus,
  verificationRateOf,
  verificationRatesBy,
} from './diagnosis-verification.ts';

const PENDING = pendingVerification('2026-05-01', 'doctor-01');

function at(status: VerificationStatus): TDiagnosisVerification {
  return {
    status,
    statusDate: '2026-05-02',
    by: 'county-01',
    reason: status === 'rejected' ? '入户核实无此病' : null,
  };
}

describe('diagnosis verification', () => {
  it('starts as 待核准 with who registered it and when', () => {
    expect(PENDING).toEqual({ status: 'pending', statusDate: '2026-05-01', by: 'doctor-01', reason: null });
    expect(VERIFICATION_STATUS_LABELS).toEqual({
      pending: '待核准',
      verified: '已核准',
      rejected: '核准不患病',
    });
    expect(() => pendingVerification('2026-5-1', 'x')).toThrow('核准状态登记日期“2026-5-1”无效');
    expect(() => pendingVerification('2026-05-01', ' ')).toThrow('核准状态：登记人不能为空');
  });

  it('records who verified and when', () => {
    const result = transitionDiagnosisVerification(PENDING, {
      to: 'verified',
      date: '2026-05-03',
      actorRole: 'township',
      by: ' township-07 ',
    });
    expect(result).toEqual({
      ok: true,
      value: { status: 'verified', statusDate: '2026-05-03', by: 'township-07', reason: null },
    });
  });

  it('requires a reason for 核准不患病 and keeps it', () => {
    const change = {
      to: 'rejected' as const,
      date: '2026-05-03',
      actorRole: 'county' as Role,
      by: 'county-01',
    };
    expect(transitionDiagnosisVerification(PENDING, change)).toEqual({
      ok: false,
      error: { code: 'REASON_REQUIRED', message: '核准状态变更为“核准不患病”时必须填写原因' },
    });
    expect(transitionDiagnosisVerification(PENDING, { ...change, reason: '复查血压正常' })).toMatchObject({
      ok: true,
      value: { status: 'rejected', reason: '复查血压正常', by: 'county-01' },
    });
  });

  it.each<[VerificationStatus, VerificationStatus, Role, string | undefined, string]>([
    ['verified', 'rejected', 'county', '误诊', '核准状态：不能从“已核准”变更为“核准不患病”'],
    ['rejected', 'verified', 'county', undefined, '核准状态：不能从“核准不患病”变更为“已核准”'],
    ['verified', 'verified', 'county', undefined, '核准状态已是“已核准”，无需变更'],
    [
      'pending',
      'verified',
      'village_doctor',
      undefined,
      '核准状态：村医无权从“待核准”变更为“已核准”，需由县级业务人员或乡镇人员操作',
    ],
    [
      'pending',
      'verified',
      'viewer',
      undefined,
      '核准状态：市/省查看无权从“待核准”变更为“已核准”，需由县级业务人员或乡镇人员操作',
    ],
    [
      'verified',
      'pending',
      'township',
      '申诉',
      '核准状态：乡镇人员无权从“已核准”变更为“待核准”，需由县级业务人员操作',
    ],
    ['verified', 'pending', 'county', undefined, '核准状态变更为“待核准”时必须填写原因'],
  ])('refuses %s → %s by %s', (from, to, actorRole, reason, message) => {
    const current = from === 'pending' ? PENDING : at(from);
    const result = transitionDiagnosisVerification(current, {
      to,
      date: '2026-05-09',
      actorRole,
      by: 'someone',
      ...(reason === undefined ? {} : { reason }),
    });
    expect(result).toMatchObject({ ok: false, error: { message } });
  });

  it('lets county staff re-open a decision with a reason', () => {
    const result = transitionDiagnosisVerification(at('rejected'), {
      to: 'pending',
      date: '2026-06-01',
      actorRole: 'county',
      by: 'county-02',
      reason: '患者申诉，重新核实',
    });
    expect(result).toMatchObject({ ok: true, value: { status: 'pending', by: 'county-02' } });
  });

  it('refuses a date before the previous decision and a missing actor', () => {
    const early = transitionDiagnosisVerification(PENDING, {
      to: 'verified',
      date: '2026-04-30',
      actorRole: 'county',
      by: 'c',
    });
    expect(early).toMatchObject({ ok: false, error: { code: 'DATE_BEFORE_PREVIOUS' } });
    const anonymous = transitionDiagnosisVerification(PENDING, {
      to: 'verified',
      date: '2026-05-01',
      actorRole: 'county',
      by: '  ',
    });
    expect(anonymous).toEqual({
      ok: false,
      error: { code: 'ACTOR_REQUIRED', message: '核准状态：必须记录核准人' },
    });
  });
});

describe('核准率', () => {
  it('is decided (已核准 + 核准不患病) over all registered diagnoses, in basis points', () => {
    expect(computeVerificationRate({ pending: 1, verified: 6, rejected: 1 })).toEqual({
      pending: 1,
      verified: 6,
      rejected: 1,
      decided: 7,
      total: 8,
      rateBp: 8750,
    });
    expect(computeVerificationRate({ pending: 0, verified: 719, rejected: 0 }).rateBp).toBe(10_000);
    expect(computeVerificationRate({ pending: 2, verified: 1, rejected: 0 }).rateBp).toBe(3333);
    expect(computeVerificationRate({ pending: 1, verified: 2, rejected: 0 }).rateBp).toBe(6667);
    expect(computeVerificationRate({ pending: 0, verified: 0, rejected: 0 }).rateBp).toBeNull();
  });

  it('refuses negative or fractional counts', () => {
    expect(() => computeVerificationRate({ pending: -1, verified: 0, rejected: 0 })).toThrow(
      '核准率：“待核准”人数-1无效，应为非负整数',
    );
    expect(() => computeVerificationRate({ pending: 0, verified: 1.5, rejected: 0 })).toThrow(
      '“已核准”人数1.5无效',
    );
  });

  it('counts statuses and groups by region', () => {
    expect(verificationRateOf(['verified', 'pending', 'rejected', 'verified'])).toMatchObject({
      decided: 3,
      total: 4,
      rateBp: 7500,
    });
    const rates = verificationRatesBy([
      { group: '130321100', status: 'verified' as const },
      { group: '130321101', status: 'pending' as const },
      { group: '130321100', status: 'pending' as const },
      { group: '130321101', status: 'pending' as const },
    ]);
    expect([...rates.keys()]).toEqual(['130321100', '130321101']);
    expect(rates.get('130321100')?.rateBp).toBe(5000);
    expect(rates.get('130321101')?.rateBp).toBe(0);
  });
});

describe('diagnosis sources', () => {
  it('label the five sources in Chinese', () => {
    expect(DIAGNOSIS_SOURCES.map((source) => DIAGNOSIS_SOURCE_LABELS[source])).toEqual([
      '体检',
      '就诊',
      '入户核实',
      '导入',
      '医保结算',
    ]);
  });
});
