import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../access/roles.ts';
import { addDays } from '../calendar/iso-date.ts';
import {
  PROBLEM_ACCEPT_ROLES,
  PROBLEM_STATUSES,
  PROBLEM_TRANSITIONS,
  type ProblemStatus,
  problemActionLabel,
  problemOverdue,
  type TProblemState,
  transitionProblem,
} from './problem-status.ts';

const FOUND = '2026-03-10';
const at = (status: ProblemStatus, statusDate = FOUND): TProblemState => ({ status, statusDate });
const NOTE = '已补签协议并完善履约记录';

describe('rectification status machine', () => {
  it.each<[ProblemStatus, ProblemStatus, Role, string | undefined, string]>([
    ['pending', 'rectifying', 'township', undefined, '开始整改'],
    ['pending', 'rectifying', 'county', '制定整改方案', '开始整改'],
    ['rectifying', 'awaiting_acceptance', 'township', NOTE, '提交验收'],
    ['rectifying', 'awaiting_acceptance', 'county', NOTE, '提交验收'],
    ['awaiting_acceptance', 'closed', 'county', undefined, '验收销号'],
    ['awaiting_acceptance', 'rectifying', 'county', '佐证材料不全', '退回整改'],
  ])('%s → %s by %s is allowed (%s)', (from, to, role, note, action) => {
    const result = transitionProblem(at(from), { to, date: '2026-03-20', note, actorRole: role });
    expect(result).toEqual({
      ok: true,
      value: {
        status: to,
        statusDate: '2026-03-20',
        closedOn: to === 'closed' ? '2026-03-20' : null,
        note: note ?? null,
        action,
      },
    });
  });

  it.each<[ProblemStatus, ProblemStatus, string]>([
    ['pending', 'awaiting_acceptance', '整改状态：不能从“待整改”变更为“待验收”'],
    ['pending', 'closed', '整改状态：不能从“待整改”变更为“已销号”'],
    ['rectifying', 'closed', '整改状态：不能从“整改中”变更为“已销号”'],
    ['rectifying', 'pending', '整改状态：不能从“整改中”变更为“待整改”'],
    ['awaiting_acceptance', 'pending', '整改状态：不能从“待验收”变更为“待整改”'],
    ['closed', 'rectifying', '问题已销号，不能再变更整改状态'],
    ['closed', 'closed', '问题已销号，不能再变更整改状态'],
    ['pending', 'pending', '整改状态已是“待整改”，无需变更'],
  ])('refuses %s → %s in Chinese', (from, to, message) => {
    const result = transitionProblem(at(from), { to, date: '2026-03-20', note: NOTE, actorRole: 'county' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toBe(message);
  });

  it('requires a written account of at least 5 characters to submit for acceptance', () => {
    for (const note of [undefined, '', '   ', '已整改']) {
      const result = transitionProblem(at('rectifying'), {
        to: 'awaiting_acceptance',
        date: '2026-03-20',
        note,
        actorRole: 'township',
      });
      expect(!result.ok && result.error).toEqual({
        code: 'REASON_REQUIRED',
        message: '提交验收时必须填写整改情况说明（至少5个字）',
      });
    }
    expect(
      transitionProblem(at('rectifying'), {
        to: 'awaiting_acceptance',
        date: '2026-03-20',
        note: '已全部整改',
        actorRole: 'township',
      }).ok,
    ).toBe(true);
  });

  it('requires a reason to return a rectification', () => {
    const result = transitionProblem(at('awaiting_acceptance'), {
      to: 'rectifying',
      date: '2026-03-20',
      note: ' ',
      actorRole: 'county',
    });
    expect(!result.ok && result.error.message).toBe('退回整改时必须填写退回原因');
  });

  it('lets only the inspecting bureau accept or return', () => {
    for (const role of ROLES) {
      for (const to of ['closed', 'rectifying'] as const) {
        const result = transitionProblem(at('awaiting_acceptance'), {
          to,
          date: '2026-03-20',
          note: '佐证材料不全',
          actorRole: role,
        });
        expect(result.ok).toBe(PROBLEM_ACCEPT_ROLES.includes(role));
        if (!result.ok) {
          expect(result.error.code).toBe('ROLE_NOT_ALLOWED');
          expect(result.error.message).toContain('整改责任单位不能自行验收');
        }
      }
    }
  });

  it('refuses dates before the last change and invalid dates; the same day is fine', () => {
    const earlier = transitionProblem(at('pending', '2026-03-10'), {
      to: 'rectifying',
      date: '2026-03-09',
      actorRole: 'township',
    });
    expect(!earlier.ok && earlier.error.message).toBe(
      '整改状态变更日期2026-03-09早于上一状态“待整改”的日期2026-03-10',
    );
    const invalid = transitionProblem(at('pending'), {
      to: 'rectifying',
      date: '2026-02-30',
      actorRole: 'county',
    });
    expect(!invalid.ok && invalid.error.code).toBe('INVALID_DATE');
    expect(
      transitionProblem(at('pending', '2026-03-10'), {
        to: 'rectifying',
        date: '2026-03-10',
        actorRole: 'county',
      }).ok,
    ).toBe(true);
  });

  it('walks every allowed path to 已销号 and never leaves it (property)', () => {
    const step = fc.constantFrom(...PROBLEM_STATUSES);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (targets) => {
        let state = at('pending');
        let day = 0;
        for (const to of targets) {
          day += 1;
          const result = transitionProblem(state, {
            to,
            date: addDays(FOUND, day),
            note: NOTE,
            actorRole: 'county',
          });
          expect(result.ok).toBe(PROBLEM_TRANSITIONS[state.status].includes(to));
          if (result.ok) {
            expect(result.value.closedOn !== null).toBe(result.value.status === 'closed');
            state = { status: result.value.status, statusDate: result.value.statusDate };
          }
        }
        if (state.status === 'closed') {
          expect(PROBLEM_TRANSITIONS.closed).toEqual([]);
        }
      }),
    );
  });

  it('names actions by where they come from', () => {
    expect(problemActionLabel('pending', 'rectifying')).toBe('开始整改');
    expect(problemActionLabel('awaiting_acceptance', 'rectifying')).toBe('退回整改');
  });
});

describe('overdue problems', () => {
  it.each([
    // status, deadline, closedOn, asOf → isOverdue, daysOverdue, isClosedLate, daysLeft
    ['pending', '2026-04-10', null, '2026-04-09', false, 0, false, 1],
    ['rectifying', '2026-04-10', null, '2026-04-10', false, 0, false, 0],
    ['rectifying', '2026-04-10', null, '2026-04-11', true, 1, false, -1],
    ['awaiting_acceptance', '2026-04-10', null, '2026-05-10', true, 30, false, -30],
    ['closed', '2026-04-10', '2026-04-10', '2026-06-01', false, 0, false, null],
    ['closed', '2026-04-10', '2026-04-12', '2026-06-01', false, 0, true, null],
  ] as const)('%s with deadline %s (closed %s) on %s', (status, deadline, closedOn, asOf, isOverdue, daysOverdue, isClosedLate, daysLeft) => {
    expect(problemOverdue({ status, deadline, closedOn }, asOf)).toEqual({
      isOverdue,
      daysOverdue,
      isClosedLate,
      daysLeft,
    });
  });
});
