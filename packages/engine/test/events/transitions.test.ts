import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  EventsError,
  TRANSITIONS,
  validateTransition,
  type EventLevel,
  type EventRole,
  type EventState,
} from '@gongfu/engine/events';

const ROLES: EventRole[] = ['dispatcher', 'handler', 'supervisor', 'reporter'];
const LEVELS: EventLevel[] = ['district', 'town', 'village'];

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(EventsError);
    return (e as EventsError).code;
  }
};

describe('the happy path of the loop', () => {
  it('上报 → 受理 → 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案 → 评价', () => {
    const steps: [string, EventRole, EventLevel, EventState][] = [
      ['accept', 'dispatcher', 'town', 'accepted'],
      ['file', 'dispatcher', 'town', 'filed'],
      ['dispatch', 'dispatcher', 'town', 'dispatched'],
      ['start', 'handler', 'village', 'handling'],
      ['feedback', 'handler', 'village', 'feedback'],
      ['rework', 'dispatcher', 'town', 'handling'],
      ['feedback', 'handler', 'village', 'feedback'],
      ['check_pass', 'dispatcher', 'town', 'checked'],
      ['close', 'dispatcher', 'town', 'closed'],
      ['evaluate', 'dispatcher', 'town', 'evaluated'],
    ];
    let state: EventState = 'reported';
    for (const [action, role, level, to] of steps) {
      state = validateTransition(TRANSITIONS, { state, action, roles: [role], level }).to;
      expect(state).toBe(to);
    }
  });
});

describe('every transition, allowed and refused per role and level', () => {
  for (const t of TRANSITIONS) {
    for (const role of ROLES) {
      for (const level of LEVELS) {
        const allowed = t.allowed.some((a) => a.role === role && a.levels.includes(level));
        it(`${t.from} --${t.action}--> ${t.to} by ${role}@${level}: ${allowed ? 'allowed' : 'refused'}`, () => {
          const ctx = {
            state: t.from,
            action: t.action,
            roles: [role],
            level,
            extensionPending: t.guard === 'extension_pending',
            caseLevel: 'town' as const,
          };
          if (allowed) expect(validateTransition(TRANSITIONS, ctx).to).toBe(t.to);
          else expect(codeOf(() => validateTransition(TRANSITIONS, ctx))).toBe('ROLE_NOT_ALLOWED');
        });
      }
    }
  }
});

describe('refusals', () => {
  it('an action not defined from the state', () => {
    expect(
      codeOf(() => validateTransition(TRANSITIONS, { state: 'reported', action: 'close', roles: ['dispatcher'], level: 'district' })),
    ).toBe('TRANSITION_NOT_ALLOWED');
  });
  it('an unknown action', () => {
    expect(
      codeOf(() => validateTransition(TRANSITIONS, { state: 'reported', action: 'fly', roles: ['dispatcher'], level: 'district' })),
    ).toBe('UNKNOWN_ACTION');
  });
  it('延期: approve needs a pending request; a second request is refused', () => {
    const base = { state: 'handling' as const, level: 'town' as const };
    expect(codeOf(() => validateTransition(TRANSITIONS, { ...base, action: 'extend_approve', roles: ['dispatcher'] }))).toBe(
      'GUARD_FAILED',
    );
    expect(
      codeOf(() => validateTransition(TRANSITIONS, { ...base, action: 'extend_request', roles: ['handler'], extensionPending: true })),
    ).toBe('GUARD_FAILED');
  });
  it('升级 only from town command', () => {
    expect(
      codeOf(() =>
        validateTransition(TRANSITIONS, {
          state: 'filed',
          action: 'escalate',
          roles: ['dispatcher'],
          level: 'town',
          caseLevel: 'district',
        }),
      ),
    ).toBe('GUARD_FAILED');
  });
  it('closed and rejected cases take no supervision', () => {
    expect(allowedActions(TRANSITIONS, { state: 'rejected', roles: ['supervisor', 'dispatcher'], level: 'district' })).toEqual([]);
  });
});

describe('buttons', () => {
  it('a handler on a dispatched case may start, return or ask for more time', () => {
    expect(allowedActions(TRANSITIONS, { state: 'dispatched', roles: ['handler'], level: 'village' })).toEqual([
      'return',
      'start',
      'extend_request',
    ]);
  });
  it('a town dispatcher on a handling case with a pending extension', () => {
    expect(
      allowedActions(TRANSITIONS, { state: 'handling', roles: ['dispatcher'], level: 'town', extensionPending: true, caseLevel: 'town' }),
    ).toEqual(['reassign', 'extend_approve', 'extend_refuse', 'park', 'escalate']);
  });
});
