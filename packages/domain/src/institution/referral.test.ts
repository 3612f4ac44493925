import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTITUTION_LEVELS, type InstitutionLevel } from '../disease/institution-standardisation.ts';
import { checkInstitutionPlacement } from './institution.schema.ts';
import {
  checkNewReferral,
  REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  type ReferralStatus,
  referralDirectionOf,
  transitionReferral,
} from './referral.ts';

const at = (status: ReferralStatus, statusDate = '2026-03-01') => ({ status, statusDate, note: null });

describe('referral status machine', () => {
  it.each([
    ['pending', 'accepted', undefined],
    ['pending', 'rejected', '床位已满'],
    ['pending', 'cancelled', '患者不愿转诊'],
    ['accepted', 'completed', undefined],
    ['accepted', 'cancelled', '患者自行出院'],
  ] as const)('%s → %s is allowed', (from, to, note) => {
    const result = transitionReferral(at(from), { to, date: '2026-03-02', note });
    expect(result).toEqual({ ok: true, value: { status: to, statusDate: '2026-03-02', note: note ?? null } });
  });

  it.each([
    ['pending', 'completed', '转诊状态：不能从“待接收”变更为“已完成”'],
    ['completed', 'pending', '转诊状态：不能从“已完成”变更为“待接收”'],
    ['rejected', 'accepted', '转诊状态：不能从“已拒绝”变更为“已接收”'],
    ['cancelled', 'accepted', '转诊状态：不能从“已取消”变更为“已接收”'],
    ['accepted', 'rejected', '转诊状态：不能从“已接收”变更为“已拒绝”'],
  ] as const)('%s → %s is refused in Chinese', (from, to, message) => {
    const result = transitionReferral(at(from), { to, date: '2026-03-02', note: '原因' });
    expect(result).toEqual({ ok: false, error: { code: 'TRANSITION_NOT_ALLOWED', message } });
  });

  it('requires a reason to refuse or cancel, and a date not before the last change', () => {
    expect(transitionReferral(at('pending'), { to: 'rejected', date: '2026-03-02', note: '  ' })).toEqual({
      ok: false,
      error: { code: 'REASON_REQUIRED', message: '转诊状态变更为“已拒绝”时必须填写原因' },
    });
    const early = transitionReferral(at('pending'), { to: 'accepted', date: '2026-02-28' });
    expect(early.ok).toBe(false);
    expect(early.ok ? null : early.error.code).toBe('DATE_BEFORE_PREVIOUS');
  });

  it('terminal statuses accept nothing (property)', () => {
    const terminal = REFERRAL_STATUSES.filter((s) => REFERRAL_TRANSITIONS[s].length === 0);
    expect(terminal).toEqual(['completed', 'rejected', 'cancelled']);
    fc.assert(
      fc.property(fc.constantFrom(...terminal), fc.constantFrom(...REFERRAL_STATUSES), (from, to) => {
        expect(transitionReferral(at(from), { to, date: '2026-04-01', note: '原因' }).ok).toBe(false);
      }),
    );
  });
});

describe('referral direction and checks', () => {
  it.each([
    ['village_clinic', 'township_health_centre', 'lateral'],
    ['township_health_centre', 'county', 'up'],
    ['county', 'city', 'up'],
    ['province', 'county', 'down'],
    ['county', 'village_clinic', 'down'],
    ['county', 'county', 'lateral'],
  ] as const)('%s → %s is %s', (from, to, direction) => {
    expect(referralDirectionOf(from, to)).toBe(direction);
  });

  it('up and down are mirror images (property)', () => {
    const levels = [...INSTITUTION_LEVELS] as InstitutionLevel[];
    fc.assert(
      fc.property(fc.constantFrom(...levels), fc.constantFrom(...levels), (a, b) => {
        const there = referralDirectionOf(a, b);
        const back = referralDirectionOf(b, a);
        expect(there === 'lateral' ? back === 'lateral' : there !== back && back !== 'lateral').toBe(true);
      }),
    );
  });

  it('refuses a referral to itself, to an inactive institution, or without a reason', () => {
    expect(
      checkNewReferral({
        fromCode: 'A001',
        toCode: 'A001',
        toLevel: 'county',
        isToActive: false,
        reason: ' ',
      }),
    ).toEqual([
      '转出机构和转入机构不能相同',
      '转入机构（县级医疗机构）已停用，不能接收转诊',
      '转诊原因不能为空',
    ]);
    expect(
      checkNewReferral({
        fromCode: 'A001',
        toCode: 'B001',
        toLevel: 'county',
        isToActive: true,
        reason: '急危重症',
      }),
    ).toEqual([]);
  });
});

describe('checkInstitutionPlacement', () => {
  it.each([
    ['village_clinic', '130321100201', []],
    ['village_clinic', '130321100000', ['村卫生室的所在区域必须是一个村（12位代码的最后3位不为000）']],
    ['township_health_centre', '130321100000', []],
    [
      'township_health_centre',
      '130321000000',
      ['乡镇卫生院和社区卫生服务中心的所在区域必须是乡镇（街道）或村'],
    ],
    ['county', '130321000000', []],
  ] as const)('%s in %s', (level, regionCode, problems) => {
    expect(checkInstitutionPlacement({ level, regionCode })).toEqual(problems);
  });
});
