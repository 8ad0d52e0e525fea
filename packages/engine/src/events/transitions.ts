/**
 * The grassroots event closed loop as data (数字化城市管理 flow, GB/T 30428.1 family:
 * 信息收集 → 案件建立 → 任务派遣 → 任务处理 → 处理反馈 → 核查结案 → 综合评价), as practised by
 * 三级指挥 (district 社会治理中心 → town 基层治理综合信息指挥室 → village/grid):
 *
 *   上报 reported → 受理 accepted → 立案 filed | 不予立案 rejected → 派遣 dispatched → 处置 handling
 *   → 反馈 feedback → 核查通过 checked → 结案 closed → 评价 evaluated
 *
 * with 回退 (a handling unit sends it back to the dispatcher), 改派 (re-dispatch), 延期 request /
 * approve / refuse (approval adds working time; the server moves due_at), 挂账 / 解挂 (park with
 * reason), 返工 (a failed check sends it back to handling), 督办 / 催办 (supervision, state kept) and
 * 升级 (town → district when beyond the town's power).
 *
 * One row per (from, action): who may act — roles at levels — and the state it leads to. A
 * transition is valid when a row exists, the actor's (role, level) is listed, and its guard
 * (e.g. "an extension is pending") holds. The server stores this table and validates with it.
 */
import { fail } from './errors.js';

export const EVENT_STATES = [
  'reported',
  'accepted',
  'filed',
  'rejected',
  'dispatched',
  'handling',
  'feedback',
  'checked',
  'closed',
  'evaluated',
  'parked',
] as const;
export type EventState = (typeof EVENT_STATES)[number];

/** States in which the case is still open (not 不予立案, 结案 or 评价). */
export const OPEN_STATES: readonly EventState[] = [
  'reported',
  'accepted',
  'filed',
  'dispatched',
  'handling',
  'feedback',
  'checked',
  'parked',
];

export const EVENT_ACTIONS = [
  'accept',
  'reject',
  'file',
  'dispatch',
  'reassign',
  'return',
  'start',
  'feedback',
  'check_pass',
  'rework',
  'close',
  'evaluate',
  'extend_request',
  'extend_approve',
  'extend_refuse',
  'park',
  'unpark',
  'supervise',
  'escalate',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** 调度员 (centre/指挥室), 处置单位 (department or village), 督办 (supervisor), 网格员 (reporter). */
export type EventRole = 'dispatcher' | 'handler' | 'supervisor' | 'reporter';
export type EventLevel = 'district' | 'town' | 'village';

export type TransitionGuard = 'extension_pending' | 'no_extension_pending' | 'town_level';

export interface Transition {
  from: EventState;
  action: EventAction;
  to: EventState;
  /** Who may act: each entry a role and the levels at which it may. */
  allowed: readonly { role: EventRole; levels: readonly EventLevel[] }[];
  guard?: TransitionGuard;
}

const CENTRE = { role: 'dispatcher', levels: ['district', 'town'] } as const;
const HANDLER = { role: 'handler', levels: ['district', 'town', 'village'] } as const;
const SUPERVISOR = { role: 'supervisor', levels: ['district', 'town'] } as const;

const OPEN_BEFORE_CLOSE: readonly EventState[] = ['accepted', 'filed', 'dispatched', 'handling', 'feedback', 'parked'];

/** The transitions table. */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'reported', action: 'accept', to: 'accepted', allowed: [CENTRE] },
  { from: 'accepted', action: 'file', to: 'filed', allowed: [CENTRE] },
  { from: 'accepted', action: 'reject', to: 'rejected', allowed: [CENTRE] },
  { from: 'filed', action: 'dispatch', to: 'dispatched', allowed: [CENTRE] },
  { from: 'dispatched', action: 'reassign', to: 'dispatched', allowed: [CENTRE] },
  { from: 'handling', action: 'reassign', to: 'dispatched', allowed: [CENTRE] },
  { from: 'dispatched', action: 'return', to: 'filed', allowed: [HANDLER] },
  { from: 'handling', action: 'return', to: 'filed', allowed: [HANDLER] },
  { from: 'dispatched', action: 'start', to: 'handling', allowed: [HANDLER] },
  { from: 'handling', action: 'feedback', to: 'feedback', allowed: [HANDLER] },
  { from: 'feedback', action: 'check_pass', to: 'checked', allowed: [CENTRE] },
  { from: 'feedback', action: 'rework', to: 'handling', allowed: [CENTRE] },
  { from: 'checked', action: 'close', to: 'closed', allowed: [CENTRE] },
  { from: 'closed', action: 'evaluate', to: 'evaluated', allowed: [CENTRE] },
  { from: 'dispatched', action: 'extend_request', to: 'dispatched', allowed: [HANDLER], guard: 'no_extension_pending' },
  { from: 'handling', action: 'extend_request', to: 'handling', allowed: [HANDLER], guard: 'no_extension_pending' },
  { from: 'dispatched', action: 'extend_approve', to: 'dispatched', allowed: [CENTRE], guard: 'extension_pending' },
  { from: 'handling', action: 'extend_approve', to: 'handling', allowed: [CENTRE], guard: 'extension_pending' },
  { from: 'dispatched', action: 'extend_refuse', to: 'dispatched', allowed: [CENTRE], guard: 'extension_pending' },
  { from: 'handling', action: 'extend_refuse', to: 'handling', allowed: [CENTRE], guard: 'extension_pending' },
  { from: 'handling', action: 'park', to: 'parked', allowed: [CENTRE] },
  { from: 'parked', action: 'unpark', to: 'handling', allowed: [CENTRE] },
  ...OPEN_BEFORE_CLOSE.map((s): Transition => ({
    from: s,
    action: 'supervise',
    to: s,
    allowed: [SUPERVISOR, { role: 'dispatcher', levels: ['district'] }],
  })),
  ...(['accepted', 'filed', 'dispatched', 'handling'] as const).map((s): Transition => ({
    from: s,
    action: 'escalate',
    to: 'filed',
    allowed: [{ role: 'dispatcher', levels: ['town'] }],
    guard: 'town_level',
  })),
];

export interface TransitionContext {
  state: EventState;
  action: string;
  /** The actor's roles on this case (one person may dispatch and supervise) and level. */
  roles: readonly EventRole[];
  level: EventLevel;
  extensionPending?: boolean;
  /** The level that commands the case now (town until 升级). */
  caseLevel?: 'district' | 'town';
}

/** The transition `action` from `state` leads through, or undefined. */
export function findTransition(table: readonly Transition[], state: EventState, action: string): Transition | undefined {
  return table.find((t) => t.from === state && t.action === action);
}

/** Validates a transition; returns its row or throws an EventsError saying why not. */
export function validateTransition(table: readonly Transition[], ctx: TransitionContext): Transition {
  if (!(EVENT_ACTIONS as readonly string[]).includes(ctx.action)) {
    fail('UNKNOWN_ACTION', `未知操作：${ctx.action}`, `unknown action: ${ctx.action}`, { action: ctx.action });
  }
  const t = findTransition(table, ctx.state, ctx.action);
  if (!t) {
    fail('TRANSITION_NOT_ALLOWED', `当前状态不能执行该操作`, `action ${ctx.action} is not allowed from state ${ctx.state}`, {
      state: ctx.state,
      action: ctx.action,
    });
  }
  const ok = t.allowed.some((a) => ctx.roles.includes(a.role) && a.levels.includes(ctx.level));
  if (!ok) {
    fail(
      'ROLE_NOT_ALLOWED',
      '当前角色或层级无权执行该操作',
      `roles ${ctx.roles.join(',') || '(none)'} at ${ctx.level} may not ${ctx.action}`,
      {
        state: ctx.state,
        action: ctx.action,
        roles: [...ctx.roles],
        level: ctx.level,
      },
    );
  }
  if (t.guard === 'extension_pending' && !ctx.extensionPending) {
    fail('GUARD_FAILED', '没有待审批的延期申请', 'no extension request is pending', { guard: t.guard });
  }
  if (t.guard === 'no_extension_pending' && ctx.extensionPending) {
    fail('GUARD_FAILED', '已有待审批的延期申请', 'an extension request is already pending', { guard: t.guard });
  }
  if (t.guard === 'town_level' && ctx.caseLevel === 'district') {
    fail('GUARD_FAILED', '案件已在区级指挥', 'the case is already commanded by the district', { guard: t.guard });
  }
  return t;
}

/** The actions an actor may take on a case now (for buttons). */
export function allowedActions(table: readonly Transition[], ctx: Omit<TransitionContext, 'action'>): EventAction[] {
  const out: EventAction[] = [];
  for (const t of table) {
    if (t.from !== ctx.state) continue;
    try {
      validateTransition(table, { ...ctx, action: t.action });
      out.push(t.action);
    } catch {
      /* not for this actor */
    }
  }
  return out.sort((a, b) => EVENT_ACTIONS.indexOf(a) - EVENT_ACTIONS.indexOf(b));
}
