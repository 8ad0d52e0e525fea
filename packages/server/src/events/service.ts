/**
 * 三级指挥协同 services: intake with an idempotency key, transitions validated against the stored
 * transitions table with optimistic locking (every transition one action row and one audit entry in
 * the same transaction), stage deadlines on the working-time calendar, queues per role, the case
 * timeline, duplicates, indicators and their publication through the observation writer, and the
 * overdue sweep (deadlines are stored rows; the sweep marks them at start and on a schedule).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { addWorkingMinutes, deadlineStatus, dueAt, type DeadlineUnit, type WorkCalendar } from '@gongfu/engine/calendar';
import {
  allowedActions,
  eventIndicatorsBy,
  OPEN_STATES,
  suggestDuplicates,
  validateTransition,
  type EventAction,
  type EventLevel,
  type EventRole,
  type IndicatorGroup,
} from '@gongfu/engine/events';
import { isEngineError } from '@gongfu/engine';
import { can, type Actor } from '../auth/actor.js';
import { appendAudit, audited } from '../audit/service.js';
import { auditedGrouped } from '../audit/group-commit.js';
import type { Db } from '../db/store.js';
import { AppError, badRequest, fromEngineError, notFound } from '../errors.js';
import { readPage, type PageQuery } from '../http/schemas.js';
import { notifyActor } from '../notifications/repository.js';
import { writeObservations } from '../observations/writer.js';
import { enforcementIntake } from '../modules.js';
import * as repo from './repository.js';
import type { CaseQuery, IntakeBody } from './schemas.js';

const CASE = { zh: '事件', en: 'event case' };
/** States the overdue sweep watches: open and not parked (挂账 stops the clock). */
const WATCHED = OPEN_STATES.filter((s) => s !== 'parked');
/** The first action row of every case (not a transition: the case starts in 上报). */
const REPORTED = 'report';
const NEEDS_REASON: readonly EventAction[] = ['reject', 'return', 'rework', 'extend_request', 'park', 'escalate', 'reassign'];

// ---------------------------------------------------------------- who is acting

export interface Profile {
  roles: EventRole[];
  level: EventLevel;
  home: string | null;
  /** the 条线 department units the account staffs (empty: not a department account) */
  units: string[];
}

/** The actor's roles in the loop (from permissions) and level (from the account's region). */
export async function profileOf(db: Db, actor: Actor): Promise<Profile> {
  const roles: EventRole[] = [];
  if (can(actor, 'events:dispatch')) roles.push('dispatcher');
  if (can(actor, 'events:handle')) roles.push('handler');
  if (can(actor, 'events:supervise')) roles.push('supervisor');
  if (can(actor, 'events:report')) roles.push('reporter');
  const home = await repo.homeRegionUnscoped(db, actor.userId);
  const level: EventLevel = !home
    ? 'district'
    : home.level === 'town'
      ? 'town'
      : home.level === 'village' || home.level === 'grid'
        ? 'village'
        : 'district';
  const units = roles.includes('handler') ? await repo.staffedUnitsUnscoped(db, actor.userId) : [];
  return { roles, level, home: home?.code ?? null, units };
}

/**
 * A department handler (staffs a 条线 unit, neither dispatches nor supervises) sees only the cases
 * dispatched to their units; undefined for everyone else (the scope door alone applies).
 */
export function restrictedUnits(p: Profile): string[] | undefined {
  if (!p.units.length || p.roles.includes('dispatcher') || p.roles.includes('supervisor')) return undefined;
  return p.units;
}

const visibleTo = (p: Profile, c: repo.CaseRow) => {
  const units = restrictedUnits(p);
  return !units || (c.unitCode !== null && units.includes(c.unitCode)) || c.cohandlers.some((h) => units.includes(h.code));
};

/** The 协办 unit of this case the actor answers for, if any (a department's staff, or a village/town handler at home). */
function cohandlingUnit(p: Profile, c: repo.CaseRow) {
  if (!p.roles.includes('handler')) return undefined;
  return c.cohandlers.find((h) => (p.units.length ? p.units.includes(h.code) : h.regionCode === p.home));
}

/** Roles that apply to this case: a handler only on cases assigned to their own unit; a town dispatcher only under town command. */
function rolesOnCase(p: Profile, c: repo.CaseRow, actor: Actor): EventRole[] {
  return p.roles.filter((r) => {
    if (r === 'handler') {
      // a department account handles its own units' cases only, whatever its region
      if (p.units.length) return c.unitCode !== null && p.units.includes(c.unitCode);
      return c.unitRegionCode !== null && (actor.scope.all ? true : c.unitRegionCode === p.home);
    }
    if (r === 'dispatcher' && p.level === 'town') return c.level === 'town';
    return true;
  });
}

// ---------------------------------------------------------------- presentation

const maskName = (n: string) => (n ? n.slice(0, 1) + '*'.repeat(Math.max(1, n.length - 1)) : '');
const maskPhone = (p: string) => (p.length >= 7 ? p.slice(0, 3) + '****' + p.slice(-4) : p ? '****' : '');

/** `cal` may be null for a case without a deadline (a new report): it is only read when `dueAt` is set. */
function present(c: repo.CaseRow, actor: Actor, cal: WorkCalendar | null, warnShare: number, now = Date.now()) {
  const { unitRegionCode: _u, checked: _c, createdBy: _b, ...rest } = c;
  const full = can(actor, 'events:dispatch');
  let deadline: { level: 'ok' | 'warning' | 'overdue' | 'none'; share: number | null } = { level: 'none', share: null };
  const open = (OPEN_STATES as readonly string[]).includes(c.state);
  if (open && c.dueAt && cal) {
    const handling = c.handledAt === null && c.handleDueAt !== null && c.dueAt === c.handleDueAt;
    const start = handling ? (c.dispatchedAt ?? c.reportedAt) : (c.filedAt ?? c.reportedAt);
    const s = deadlineStatus(cal, { startMs: Date.parse(start), dueMs: Date.parse(c.dueAt), nowMs: now, unit: 'work_hours', warnShare });
    deadline = { level: c.overdue ? 'overdue' : s.level, share: Math.round(s.share * 1000) / 1000 };
  }
  return {
    ...rest,
    reporterName: full ? c.reporterName : maskName(c.reporterName),
    reporterPhone: full ? c.reporterPhone : maskPhone(c.reporterPhone),
    deadline,
  };
}

// ---------------------------------------------------------------- intake

export async function intake(db: Db, actor: Actor, body: IntakeBody) {
  const known = await repo.intakeContext(db, actor, body.idempotencyKey, body.categoryCode, body.regionCode);
  const { warnShare, duplicateMetres, duplicateHours } = known;
  // the calendar is read only for a case that has a deadline (a replay of one already dispatched)
  const calendarFor = async (c: repo.CaseRow) => (c.dueAt ? (await repo.calendarUnscoped(db)).cal : null);
  // the full row (through the scope door) only when the key is taken
  const existing = known.keyTaken ? await repo.caseByKey(db, actor, body.idempotencyKey) : undefined;
  if (existing) return replay(db, actor, existing, await calendarFor(existing), warnShare);
  if (!known.categoryKnown || known.categoryParent === null) {
    throw badRequest(
      'EVENT_CATEGORY_UNKNOWN',
      { zh: `请选择事件小类：${body.categoryCode}`, en: `choose a sub-category: ${body.categoryCode}` },
      { path: ['categoryCode'] },
    );
  }
  const townCode = known.townCode;
  if (!known.placeLevel || !townCode) {
    throw badRequest(
      'EVENT_PLACE_INVALID',
      { zh: '发生地须为你数据范围内的镇街或村社区', en: 'the place must be a town or village within your scope' },
      { path: ['regionCode'] },
    );
  }
  // concurrent reports commit together (audit/group-commit.ts): one chain lock and one commit per batch
  const created = await auditedGrouped(db, actor, async (tx) => {
    const id = await repo.insertCaseUnscoped(tx, {
      ...body,
      lon: body.lon ?? null,
      lat: body.lat ?? null,
      townCode,
      createdBy: actor.id,
    });
    if (id === undefined)
      return { result: undefined, audit: { action: 'events.report.retry', target: `event_case:key:${body.idempotencyKey}` } };
    await repo.appendActionUnscoped(tx, {
      caseId: id,
      step: REPORTED,
      from: null,
      to: 'reported',
      actor: actor.id,
      detail: { channel: body.channel },
    });
    return {
      result: id,
      audit: {
        action: 'events.report',
        target: `event_case:${id}`,
        after: { category: body.categoryCode, region: body.regionCode, channel: body.channel },
      },
    };
  });
  if (created === undefined) {
    // another request with the same key committed first
    const c = await repo.caseByKey(db, actor, body.idempotencyKey);
    if (!c) throw new AppError('EVENT_KEY_TAKEN', 409, { zh: '该提交编号已被使用', en: 'this idempotency key is already used' });
    return { case: present(c, actor, await calendarFor(c), warnShare), created: false, duplicates: [] };
  }
  const c = (await repo.caseById(db, actor, created))!;
  const duplicates = await duplicatesOf(db, actor, c, duplicateMetres, duplicateHours);
  return { case: present(c, actor, null, warnShare), created: true, duplicates };
}

async function replay(db: Db, actor: Actor, c: repo.CaseRow, cal: WorkCalendar | null, warnShare: number) {
  await auditedGrouped(db, actor, async () => ({
    result: undefined,
    audit: { action: 'events.report.retry', target: `event_case:${c.id}` },
  }));
  return { case: present(c, actor, cal, warnShare), created: false, duplicates: [] };
}

async function duplicatesOf(db: Db, actor: Actor, c: repo.CaseRow, metres: number, hours: number) {
  if (c.lon === null || c.lat === null) return [];
  const near = await repo.nearbyOpenCases(db, actor, {
    category: c.categoryCode,
    lon: c.lon,
    lat: c.lat,
    at: c.reportedAt,
    metres,
    hours,
    openStates: OPEN_STATES,
  });
  return suggestDuplicates(
    { category: c.categoryCode, lon: c.lon, lat: c.lat, reportedAt: Date.parse(c.reportedAt) },
    near.filter((n) => n.id !== c.id).map((n) => ({ ...n, id: String(n.id), reportedAt: Date.parse(n.reportedAt) })),
    { maxMetres: metres, maxMs: hours * 3600_000 },
  ).map((d) => ({ id: Number(d.id), metres: Math.round(d.metres) }));
}

// ---------------------------------------------------------------- transitions

export interface TransitionInput {
  action: EventAction;
  version: number;
  reason: string;
  unitCode?: string;
  extensionHours?: number;
  rating?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function due(cal: WorkCalendar, from: number, limit: number | null, unit: DeadlineUnit | null): string | null {
  return limit === null || unit === null ? null : iso(dueAt(cal, from, limit, unit));
}

export async function transition(db: Db, actor: Actor, id: number, input: TransitionInput, now = Date.now()) {
  const profile = await profileOf(db, actor);
  const { cal, warnShare } = await repo.calendarUnscoped(db);
  const categories = await repo.categoriesUnscoped(db);
  await audited(db, actor, async (tx) => {
    const c = await repo.caseById(tx, actor, id, true);
    if (!c || !visibleTo(profile, c)) throw notFound(CASE, String(id));
    if (c.version !== input.version) throw conflict(c.version, input.version);
    if (c.duplicateOf !== null) throw mergedAlready(c);
    const table = await repo.transitionsUnscoped(tx);
    let t;
    try {
      t = validateTransition(table, {
        state: c.state,
        action: input.action,
        roles: rolesOnCase(profile, c, actor),
        level: profile.level,
        extensionPending: c.extensionPending,
        caseLevel: c.level,
      });
    } catch (e) {
      if (isEngineError(e)) throw fromEngineError(e, e.code === 'ROLE_NOT_ALLOWED' ? 403 : 409, { state: c.state, action: input.action });
      throw e;
    }
    if (NEEDS_REASON.includes(input.action) && !input.reason) {
      throw badRequest('EVENT_REASON_REQUIRED', { zh: '请填写原因', en: 'a reason is required' }, { path: ['reason'] });
    }
    const k = categories.find((x) => x.code === c.categoryCode)!;
    const nowIso = iso(now);
    const ch: repo.CaseChange = { state: t.to };
    let detail: Record<string, unknown> | undefined;
    switch (input.action) {
      case 'file':
        ch.filedAt = nowIso;
        ch.closeDueAt = due(cal, now, k.closeLimit, k.closeUnit);
        ch.dueAt = ch.closeDueAt;
        break;
      case 'reject':
      case 'close':
        ch.dueAt = null;
        if (input.action === 'close') ch.closedAt = nowIso;
        break;
      case 'dispatch':
      case 'reassign': {
        const unit = input.unitCode
          ? await repo.unitUnscoped(tx, input.unitCode)
          : await repo.routedUnitUnscoped(tx, c.categoryCode, c.regionCode, c.townCode);
        if (!unit) {
          throw badRequest('EVENT_UNIT_UNKNOWN', { zh: '请选择处置单位', en: 'choose a handling unit' }, { path: ['unitCode'] });
        }
        ch.unitCode = unit.code;
        ch.addDispatch = true;
        // 改派: the dispatch it replaces was not accurate
        if (input.action === 'reassign') ch.addMisdispatch = true;
        detail = { unit: unit.code, unitName: unit.nameZh };
        if (!c.dispatchedAt) ch.dispatchedAt = nowIso;
        const handleDue = c.handleDueAt ?? due(cal, now, k.handleLimit, k.handleUnit);
        ch.handleDueAt = handleDue;
        ch.dueAt = handleDue;
        break;
      }
      case 'return':
      case 'escalate':
        ch.unitCode = null;
        ch.dueAt = c.closeDueAt;
        ch.extensionPending = false;
        if (input.action === 'escalate') ch.level = 'district';
        // 回退 from a dispatched or handled case: that dispatch was not accurate
        if (input.action === 'return') ch.addMisdispatch = true;
        break;
      case 'feedback':
        ch.handledAt = nowIso;
        ch.dueAt = c.closeDueAt;
        ch.extensionPending = false;
        break;
      case 'check_pass':
        ch.checked = true;
        break;
      case 'rework':
        ch.checked = true;
        ch.reworked = true;
        ch.handledAt = null;
        ch.dueAt = c.handleDueAt;
        break;
      case 'extend_request':
        if (!input.extensionHours) {
          throw badRequest(
            'EVENT_EXTENSION_HOURS',
            { zh: '请填写申请延长的工作时', en: 'give the working hours asked for' },
            { path: ['extensionHours'] },
          );
        }
        ch.extensionPending = true;
        ch.extensionHours = input.extensionHours;
        detail = { hours: input.extensionHours };
        break;
      case 'extend_approve': {
        const hours = c.extensionHours ?? 0;
        const add = (at: string | null) => (at ? iso(addWorkingMinutes(cal, Date.parse(at), hours * 60)) : null);
        ch.handleDueAt = add(c.handleDueAt);
        ch.closeDueAt = add(c.closeDueAt);
        ch.dueAt = ch.handleDueAt;
        ch.extended = true;
        ch.extensionPending = false;
        detail = { hours, handleDueAt: ch.handleDueAt, closeDueAt: ch.closeDueAt };
        break;
      }
      case 'extend_refuse':
        ch.extensionPending = false;
        ch.extensionHours = null;
        break;
      case 'supervise':
        ch.supervisedBy = 1;
        break;
      case 'evaluate':
        if (!input.rating) {
          throw badRequest('EVENT_RATING_REQUIRED', { zh: '请选择评价（1–5）', en: 'give a rating (1–5)' }, { path: ['rating'] });
        }
        ch.rating = input.rating;
        detail = { rating: input.rating };
        break;
      default:
        break;
    }
    const dueNow = ch.dueAt !== undefined ? ch.dueAt : c.dueAt;
    ch.overdue = dueNow !== null && Date.parse(dueNow) < now && (WATCHED as readonly string[]).includes(t.to);
    if (!(await repo.updateCaseUnscoped(tx, c.id, input.version, ch))) {
      const fresh = await repo.caseById(tx, actor, id);
      throw conflict(fresh?.version ?? input.version + 1, input.version);
    }
    await repo.appendActionUnscoped(tx, {
      caseId: c.id,
      step: input.action,
      from: c.state,
      to: t.to,
      actor: actor.id,
      reason: input.reason,
      detail,
      at: nowIso,
    });
    return {
      result: undefined,
      audit: {
        action: 'events.transition',
        target: `event_case:${c.id}`,
        before: { state: c.state, version: c.version },
        after: { action: input.action, state: t.to, version: c.version + 1, ...(input.reason ? { reason: input.reason } : {}), ...detail },
      },
    };
  });
  // the actor may have just sent the case away from their unit (回退): they still get the result of their action
  return detailOf(db, actor, id, { cal, warnShare, profile, acted: true });
}

// ---------------------------------------------------------------- 协办 (co-handling units)

const COHANDLE_STATES: readonly string[] = ['dispatched', 'handling'];
const REPLY_STATES: readonly string[] = ['dispatched', 'handling', 'feedback'];

/** A dispatcher commanding the case adds a co-handling unit (协办) while it is dispatched or in hand; version-checked. */
export async function addCohandler(db: Db, actor: Actor, id: number, input: { unitCode: string; version: number; reason: string }) {
  const profile = await profileOf(db, actor);
  const pre = await repo.calendarUnscoped(db);
  await audited(db, actor, async (tx) => {
    const c = await repo.caseById(tx, actor, id, true);
    if (!c || !visibleTo(profile, c)) throw notFound(CASE, String(id));
    if (c.version !== input.version) throw conflict(c.version, input.version);
    if (!rolesOnCase(profile, c, actor).includes('dispatcher')) {
      throw new AppError('ROLE_NOT_ALLOWED', 403, {
        zh: '只有指挥该事件的调度员可以添加协办单位',
        en: 'only a dispatcher commanding the case may add a co-handling unit',
      });
    }
    if (!COHANDLE_STATES.includes(c.state)) {
      throw new AppError(
        'TRANSITION_NOT_ALLOWED',
        409,
        { zh: '派遣后、反馈前才能添加协办单位', en: 'co-handling units are added between dispatch and feedback' },
        { state: c.state },
      );
    }
    const unit = await repo.unitUnscoped(tx, input.unitCode);
    if (!unit) throw badRequest('EVENT_UNIT_UNKNOWN', { zh: '请选择协办单位', en: 'choose a co-handling unit' }, { path: ['unitCode'] });
    if (unit.code === c.unitCode || !(await repo.addCohandlerUnscoped(tx, c.id, unit.code, actor.id))) {
      throw new AppError(
        'EVENT_COHANDLER_EXISTS',
        409,
        { zh: `${unit.nameZh} 已在办理该事件`, en: `${unit.nameEn} already works on this case` },
        { unitCode: unit.code },
      );
    }
    if (!(await repo.updateCaseUnscoped(tx, c.id, c.version, { state: c.state }))) throw conflict(c.version + 1, c.version);
    const detail = { unit: unit.code, unitName: unit.nameZh };
    await repo.appendActionUnscoped(tx, {
      caseId: c.id,
      step: 'cohandle',
      from: c.state,
      to: c.state,
      actor: actor.id,
      reason: input.reason,
      detail,
    });
    return {
      result: undefined,
      audit: {
        action: 'events.cohandle',
        target: `event_case:${c.id}`,
        before: { version: c.version },
        after: { ...detail, version: c.version + 1 },
      },
    };
  });
  return detailOf(db, actor, id, { ...pre, profile });
}

/** A co-handling unit's own reply (协办意见) in the timeline; it leaves the state and version to the lead unit. */
export async function cohandlerReply(db: Db, actor: Actor, id: number, input: { reason: string }) {
  const profile = await profileOf(db, actor);
  const pre = await repo.calendarUnscoped(db);
  await audited(db, actor, async (tx) => {
    const c = await repo.caseById(tx, actor, id, true);
    if (!c || !visibleTo(profile, c)) throw notFound(CASE, String(id));
    const unit = cohandlingUnit(profile, c);
    if (!unit)
      throw new AppError('ROLE_NOT_ALLOWED', 403, { zh: '你的单位不是该事件的协办单位', en: 'your unit does not co-handle this case' });
    if (!REPLY_STATES.includes(c.state)) {
      throw new AppError(
        'TRANSITION_NOT_ALLOWED',
        409,
        { zh: '事件已不在处置阶段', en: 'the case is no longer being handled' },
        { state: c.state },
      );
    }
    const detail = { unit: unit.code, unitName: unit.name };
    await repo.appendActionUnscoped(tx, {
      caseId: c.id,
      step: 'cohandle_reply',
      from: c.state,
      to: c.state,
      actor: actor.id,
      reason: input.reason,
      detail,
    });
    return { result: undefined, audit: { action: 'events.cohandle.reply', target: `event_case:${c.id}`, after: detail } };
  });
  return detailOf(db, actor, id, { ...pre, profile });
}

// ---------------------------------------------------------------- 移送执法

/** States in which a case that turns out to be an enterprise's violation may be referred to enforcement. */
const REFER_STATES: readonly string[] = ['filed', 'dispatched', 'handling', 'feedback', 'parked'];

/**
 * 移送执法: a dispatcher commanding the case refers it to enforcement; the enforcement module (found
 * through the manifest, `provides.enforcementIntake`) opens an enforcement case on the enterprise and
 * item, in the same transaction as the referral's timeline row, version bump and audit entry. One
 * enforcement case per event case.
 */
export async function referToEnforcement(
  db: Db,
  actor: Actor,
  id: number,
  input: { version: number; subjectId: number; itemCode: string; reason: string },
) {
  const intake = await enforcementIntake();
  if (!intake)
    throw new AppError('ENFORCEMENT_UNAVAILABLE', 409, {
      zh: '执法模块未安装，无法移送',
      en: 'the enforcement module is not installed; the case cannot be referred',
    });
  const profile = await profileOf(db, actor);
  const pre = await repo.calendarUnscoped(db);
  await audited(db, actor, async (tx) => {
    const c = await repo.caseById(tx, actor, id, true);
    if (!c || !visibleTo(profile, c)) throw notFound(CASE, String(id));
    if (c.version !== input.version) throw conflict(c.version, input.version);
    if (!rolesOnCase(profile, c, actor).includes('dispatcher'))
      throw new AppError('ROLE_NOT_ALLOWED', 403, {
        zh: '只有指挥该事件的调度员可以移送执法',
        en: 'only a dispatcher commanding the case may refer it to enforcement',
      });
    if (!REFER_STATES.includes(c.state))
      throw new AppError(
        'TRANSITION_NOT_ALLOWED',
        409,
        { zh: '立案后、结案前的事件才能移送执法', en: 'a case is referred to enforcement between 立案 and 结案' },
        { state: c.state },
      );
    const enforcement = await intake.openCase(tx, actor, {
      subjectId: input.subjectId,
      itemCode: input.itemCode,
      summary: input.reason || c.description.slice(0, 2000),
      source: { module: 'events', ref: `event_case:${c.id}` },
    });
    if (!(await repo.updateCaseUnscoped(tx, c.id, c.version, { state: c.state }))) throw conflict(c.version + 1, c.version);
    const detail = { enforceCase: enforcement.id, subjectId: input.subjectId, itemCode: input.itemCode };
    await repo.appendActionUnscoped(tx, {
      caseId: c.id,
      step: 'refer',
      from: c.state,
      to: c.state,
      actor: actor.id,
      reason: input.reason,
      detail,
    });
    return {
      result: undefined,
      audit: {
        action: 'events.refer',
        target: `event_case:${c.id}`,
        before: { version: c.version },
        after: { ...detail, version: c.version + 1 },
      },
    };
  });
  return detailOf(db, actor, id, { ...pre, profile, acted: true });
}

/** What a referral may name (the enforcement module's enterprises in the caller's scope and its 执法事项); empty without the module. */
export async function referralChoices(db: Db, actor: Actor, q: { object?: string; item?: string }) {
  const intake = await enforcementIntake();
  if (!intake) return { objects: [], items: [] };
  return intake.choices(db, actor, { ...q, limit: 20 });
}

// ---------------------------------------------------------------- photos and attachments

/** Photos and documents by extension, each checked against its first bytes (the stored type follows them, not the client). */
const FILE_TYPES: Record<string, { type: string; magic: number[] }> = {
  '.jpg': { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  '.jpeg': { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  '.png': { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  '.pdf': { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  '.docx': { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [0x50, 0x4b, 0x03, 0x04] },
  '.xlsx': { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b, 0x03, 0x04] },
};
export const FILE_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_CASE_FILES = 20;

/** Attaches a photo or document to the report (the reporter or a dispatcher) or to the handling (the lead or a co-handling unit). */
export async function attachFile(
  db: Db,
  actor: Actor,
  id: number,
  stage: 'report' | 'handling',
  file: { bytes: Buffer; fileName: string },
) {
  const kind = FILE_TYPES[path.extname(file.fileName).toLowerCase()];
  if (!kind || !kind.magic.every((b, i) => file.bytes[i] === b)) {
    throw new AppError('FILE_TYPE', 415, {
      zh: `附件 ${file.fileName} 类型不支持或内容与扩展名不符：请上传 JPG、PNG、PDF、Word 或 Excel 文件`,
      en: `Attachment ${file.fileName}: upload a JPG, PNG, PDF, Word or Excel file whose content matches its extension`,
    });
  }
  if (file.bytes.length > FILE_MAX_BYTES) {
    throw new AppError('FILE_TOO_LARGE', 413, {
      zh: `文件 ${file.fileName} 超过上限 ${FILE_MAX_BYTES / 1024 / 1024} MB`,
      en: `File ${file.fileName} is over the ${FILE_MAX_BYTES / 1024 / 1024} MB limit`,
    });
  }
  const profile = await profileOf(db, actor);
  const pre = await repo.calendarUnscoped(db);
  await audited(db, actor, async (tx) => {
    const c = await repo.caseById(tx, actor, id, true);
    if (!c || !visibleTo(profile, c)) throw notFound(CASE, String(id));
    const roles = rolesOnCase(profile, c, actor);
    const may =
      stage === 'report'
        ? (c.createdBy === actor.id || roles.includes('dispatcher')) && (OPEN_STATES as readonly string[]).includes(c.state)
        : (roles.includes('handler') || cohandlingUnit(profile, c) !== undefined) && REPLY_STATES.includes(c.state);
    if (!may) {
      throw new AppError('ROLE_NOT_ALLOWED', 403, {
        zh: stage === 'report' ? '只有上报人或调度员可以为上报补充附件' : '只有处置或协办单位可以在处置阶段上传附件',
        en:
          stage === 'report'
            ? 'only the reporter or a dispatcher may add report attachments'
            : 'only a handling or co-handling unit may add handling attachments',
      });
    }
    if ((await repo.countFilesUnscoped(tx, c.id)) >= MAX_CASE_FILES) {
      throw new AppError('TOO_MANY_FILES', 409, {
        zh: `每件事件最多 ${MAX_CASE_FILES} 个附件`,
        en: `A case takes at most ${MAX_CASE_FILES} attachments`,
      });
    }
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const fileId = await repo.insertFileUnscoped(tx, {
      caseId: c.id,
      stage,
      fileName: file.fileName,
      contentType: kind.type,
      bytes: file.bytes,
      sha256,
      by: actor.id,
    });
    const detail = { file: fileId, fileName: file.fileName, stage };
    await repo.appendActionUnscoped(tx, { caseId: c.id, step: 'attach', from: c.state, to: c.state, actor: actor.id, detail });
    return {
      result: undefined,
      audit: { action: 'events.attach', target: `event_case:${c.id}`, after: { ...detail, bytes: file.bytes.length, sha256 } },
    };
  });
  return detailOf(db, actor, id, { ...pre, profile, acted: true });
}

export async function downloadFile(db: Db, actor: Actor, id: number, fileId: number) {
  const profile = await profileOf(db, actor);
  const c = await repo.caseById(db, actor, id);
  if (!c || !visibleTo(profile, c)) throw notFound(CASE, String(id));
  const f = await repo.fileBytes(db, actor, id, fileId);
  if (!f) throw notFound({ zh: '事件附件', en: 'case attachment' }, String(fileId));
  return { ...f, bytes: Buffer.from(f.bytes) };
}

function mergedAlready(c: repo.CaseRow) {
  return new AppError(
    'EVENT_MERGED',
    409,
    { zh: `该事件已作为重复事件并入 #${c.duplicateOf}`, en: `this case was merged into #${c.duplicateOf} as a duplicate` },
    { into: c.duplicateOf },
  );
}

// ---------------------------------------------------------------- merging duplicates

export interface MergeInput {
  /** the case that is kept */
  into: number;
  /** the version of the merged case the caller saw, and optionally of the kept one */
  version: number;
  intoVersion?: number;
  reason: string;
}

/**
 * 合并重复事件: the case `id` is closed as 重复 and linked to `into` (duplicate_of), both in one
 * transaction, both versions checked and bumped; each timeline gets its row (merge / merge_in) and
 * the reporters of both (their accounts) are notified. Only a dispatcher commanding both cases may.
 */
export async function merge(db: Db, actor: Actor, id: number, input: MergeInput, now = Date.now()) {
  if (id === input.into) {
    throw badRequest('EVENT_MERGE_SELF', { zh: '不能与自身合并', en: 'a case cannot be merged into itself' }, { path: ['into'] });
  }
  const profile = await profileOf(db, actor);
  const pre = await repo.calendarUnscoped(db);
  await audited(db, actor, async (tx) => {
    // lock both in id order, so two merges of the same pair cannot deadlock
    const [lo, hi] = id < input.into ? [id, input.into] : [input.into, id];
    const first = await repo.caseById(tx, actor, lo, true);
    const second = await repo.caseById(tx, actor, hi, true);
    const dup = lo === id ? first : second;
    const kept = lo === id ? second : first;
    if (!dup || !visibleTo(profile, dup)) throw notFound(CASE, String(id));
    if (!kept || !visibleTo(profile, kept)) throw notFound(CASE, String(input.into));
    if (dup.version !== input.version) throw conflict(dup.version, input.version);
    if (input.intoVersion !== undefined && kept.version !== input.intoVersion) throw conflict(kept.version, input.intoVersion);
    for (const c of [dup, kept]) {
      if (!rolesOnCase(profile, c, actor).includes('dispatcher')) {
        throw new AppError('ROLE_NOT_ALLOWED', 403, {
          zh: '只有指挥该事件的调度员可以合并',
          en: 'only a dispatcher commanding the case may merge it',
        });
      }
      if (c.duplicateOf !== null) throw mergedAlready(c);
      if (!(OPEN_STATES as readonly string[]).includes(c.state)) {
        throw new AppError(
          'EVENT_MERGE_CLOSED',
          409,
          { zh: `事件 #${c.id} 已办结，不能合并`, en: `case #${c.id} is no longer open and cannot be merged` },
          { id: c.id, state: c.state },
        );
      }
    }
    if (!input.reason) throw badRequest('EVENT_REASON_REQUIRED', { zh: '请填写原因', en: 'a reason is required' }, { path: ['reason'] });
    const nowIso = iso(now);
    const okDup = await repo.updateCaseUnscoped(tx, dup.id, dup.version, {
      state: 'closed',
      closedAt: nowIso,
      dueAt: null,
      overdue: false,
      extensionPending: false,
      duplicateOf: kept.id,
    });
    const okKept = await repo.updateCaseUnscoped(tx, kept.id, kept.version, { state: kept.state });
    if (!okDup || !okKept) throw conflict(dup.version + 1, dup.version);
    await repo.appendActionUnscoped(tx, {
      caseId: dup.id,
      step: 'merge',
      from: dup.state,
      to: 'closed',
      actor: actor.id,
      reason: input.reason,
      detail: { into: kept.id },
      at: nowIso,
    });
    await repo.appendActionUnscoped(tx, {
      caseId: kept.id,
      step: 'merge_in',
      from: kept.state,
      to: kept.state,
      actor: actor.id,
      reason: input.reason,
      detail: { merged: dup.id },
      at: nowIso,
    });
    let notified = await notifyActor(tx, dup.createdBy, {
      kind: 'events.merged',
      titleZh: `你上报的事件 #${dup.id} 已并入 #${kept.id} 办理`,
      titleEn: `Your report #${dup.id} was merged into case #${kept.id}`,
      bodyZh: `原因：${input.reason}`,
      bodyEn: `Reason: ${input.reason}`,
      link: `/events/cases/${kept.id}`,
    });
    if (kept.createdBy !== dup.createdBy) {
      notified += await notifyActor(tx, kept.createdBy, {
        kind: 'events.merged',
        titleZh: `事件 #${dup.id} 作为重复事件并入你上报的 #${kept.id}`,
        titleEn: `Case #${dup.id} was merged into your report #${kept.id} as a duplicate`,
        link: `/events/cases/${kept.id}`,
      });
    }
    return {
      result: undefined,
      audit: {
        action: 'events.merge',
        target: `event_case:${dup.id}`,
        before: { state: dup.state, version: dup.version, intoVersion: kept.version },
        after: { state: 'closed', into: kept.id, version: dup.version + 1, reason: input.reason, notified },
      },
    };
  });
  return detailOf(db, actor, id, { ...pre, profile, acted: true });
}

function conflict(current: number, expected: number) {
  return new AppError(
    'VERSION_CONFLICT',
    409,
    { zh: '该事件已被他人处理，请刷新后重试', en: 'someone else changed this case first; reload and try again' },
    { expectedVersion: expected, currentVersion: current },
  );
}

// ---------------------------------------------------------------- reads

export async function detailOf(
  db: Db,
  actor: Actor,
  id: number,
  pre?: { cal: WorkCalendar; warnShare: number; profile: Profile; acted?: boolean },
) {
  const c = await repo.caseById(db, actor, id);
  const profile = pre?.profile ?? (await profileOf(db, actor));
  if (!c || !(pre?.acted || visibleTo(profile, c))) throw notFound(CASE, String(id));
  const { cal, warnShare } = pre ?? (await repo.calendarUnscoped(db));
  const settings = await repo.calendarUnscoped(db);
  const table = await repo.transitionsUnscoped(db);
  const actions = allowedActions(table, {
    state: c.state,
    roles: rolesOnCase(profile, c, actor),
    level: profile.level,
    extensionPending: c.extensionPending,
    caseLevel: c.level,
  });
  const suggested =
    c.state === 'filed' || c.state === 'dispatched'
      ? await repo.routedUnitUnscoped(db, c.categoryCode, c.regionCode, c.townCode)
      : undefined;
  const open = (OPEN_STATES as readonly string[]).includes(c.state);
  const timeline = await repo.timeline(db, actor, id);
  const canRefer =
    c.duplicateOf === null &&
    REFER_STATES.includes(c.state) &&
    rolesOnCase(profile, c, actor).includes('dispatcher') &&
    !timeline.some((a) => a.action === 'refer') &&
    (await enforcementIntake()) !== undefined;
  return {
    case: present(c, actor, cal, warnShare),
    timeline,
    files: (await repo.filesOf(db, actor, id)).map(({ uploadedBy: _u, ...f }) => f),
    canReply: cohandlingUnit(profile, c) !== undefined && REPLY_STATES.includes(c.state),
    canRefer,
    allowedActions: c.duplicateOf !== null ? [] : actions, // a merged case takes no further action
    suggestedUnit: suggested ? { code: suggested.code, name: suggested.nameZh, nameEn: suggested.nameEn } : null,
    duplicates: open ? await duplicatesOf(db, actor, c, settings.duplicateMetres, settings.duplicateHours) : [],
  };
}

const QUEUES: Record<'dispatcher' | 'handler' | 'supervisor', readonly (typeof OPEN_STATES)[number][]> = {
  dispatcher: ['reported', 'accepted', 'filed', 'feedback', 'checked', 'parked'],
  handler: ['dispatched', 'handling'],
  supervisor: WATCHED,
};

export async function listCases(db: Db, actor: Actor, q: CaseQuery) {
  const { cal, warnShare } = await repo.calendarUnscoped(db);
  const f: repo.CaseFilter = { state: q.state, town: q.town, category: q.category, overdue: q.overdue };
  if (q.queue !== 'all') f.states = QUEUES[q.queue];
  if (q.queue === 'supervisor' && q.overdue === undefined) f.overdue = true;
  const profile = await profileOf(db, actor);
  f.units = restrictedUnits(profile);
  if (q.queue === 'handler') {
    if (profile.units.length) f.units = profile.units;
    else if (!actor.scope.all) f.unitRegion = profile.home ?? '-';
  }
  const page = await readPage(
    q as PageQuery,
    (w) => repo.listCases(db, actor, f, w),
    () => repo.countCases(db, actor, f),
  );
  return { ...page, items: page.items.map((c) => present(c, actor, cal, warnShare)) };
}

export const categories = (db: Db) => repo.categoriesUnscoped(db);
export const units = (db: Db) => repo.unitsUnscoped(db);

// ---------------------------------------------------------------- indicators

/** 'YYYY-MM-DD' in Shanghai → the instant of its local midnight. */
const shanghaiMidnight = (day: string) => Date.parse(`${day}T00:00:00+08:00`);
const msOrNull = (s: string | null) => (s === null ? null : Date.parse(s));

export async function indicators(db: Db, actor: Actor, q: { from: string; to: string; group: IndicatorGroup }, now = Date.now()) {
  const from = shanghaiMidnight(q.from);
  const to = shanghaiMidnight(q.to);
  if (!(to > from))
    throw badRequest('EVENT_PERIOD_INVALID', { zh: '结束日须晚于开始日', en: 'the end must be after the start' }, { path: ['to'] });
  const asOf = Math.min(to, now);
  const list = await repo.indicatorCases(db, actor, iso(to), restrictedUnits(await profileOf(db, actor)));
  const names = new Map<string, [string, string]>();
  for (const c of list) {
    if (q.group === 'town') names.set(c.town, [c.townName, c.townName]);
    if (q.group === 'unit' && c.unit) names.set(c.unit, [c.unitName ?? c.unit, c.unitNameEn ?? c.unit]);
    if (q.group === 'category') names.set(c.category, [c.categoryName, c.categoryNameEn]);
  }
  const grouped = eventIndicatorsBy(
    list.map((c) => ({
      unit: c.unit,
      town: c.town,
      category: c.category,
      filedAt: msOrNull(c.filedAt),
      dispatched: c.dispatched,
      handleDueAt: msOrNull(c.handleDueAt),
      handledAt: msOrNull(c.handledAt),
      closeDueAt: msOrNull(c.closeDueAt),
      closedAt: msOrNull(c.closedAt),
      checked: c.checked,
      reworked: c.reworked,
      extended: c.extended,
      parked: c.parked,
      dispatches: c.dispatches,
      misdispatches: c.misdispatches,
      rating: c.rating,
    })),
    { from, to, asOf },
    q.group,
  );
  return {
    from: q.from,
    to: q.to,
    asOf: iso(asOf),
    group: q.group,
    rows: [...grouped].map(([key, v]) => ({ key, name: names.get(key)?.[0] ?? '', nameEn: names.get(key)?.[1] ?? '', ...v })),
    synthetic: list.some((c) => c.synthetic),
  };
}

const pct = (r: { rate: number | null }) => (r.rate === null ? null : Math.round(r.rate * 1000) / 10);

/** Writes the year's indicators per town (and the district total) to the catalogue. */
export async function publishIndicators(db: Db, actor: Actor, year: number, districtCode: string, now = Date.now()) {
  const q = { from: `${year}-01-01`, to: `${year + 1}-01-01` };
  const towns = await indicators(db, actor, { ...q, group: 'town' }, now);
  const all = await indicators(db, actor, { ...q, group: 'all' }, now);
  const source = `三级指挥协同事件指标 ${year}` + (towns.synthetic ? '【含合成数据 synthetic】' : '');
  const rowsOut = [...towns.rows.map((r) => ({ code: r.key, r })), ...all.rows.map((r) => ({ code: districtCode, r }))].flatMap(
    ({ code, r }) =>
      (
        [
          ['EV_ONTIME_HANDLE_RATE', pct(r.onTimeHandling)] as [string, number | null],
          ['EV_CLOSE_RATE', pct(r.closure)],
          ['EV_ONTIME_CLOSE_RATE', pct(r.onTimeClosure)],
          ['EV_REWORK_RATE', pct(r.rework)],
          ['EV_EXTENSION_RATE', pct(r.extension)],
          ['EV_ACCURATE_DISPATCH_RATE', pct(r.accurateDispatch)],
          ['EV_SATISFACTION_RATE', pct(r.satisfaction)],
          ['EV_OVERDUE_OPEN', r.overdueUnhandled],
        ] as [string, number | null][]
      )
        .filter((x): x is [string, number] => x[1] !== null)
        .map(([indicatorCode, value]) => ({
          indicatorCode,
          subject: { kind: 'region' as const, code },
          period: String(year),
          periodStart: `${year}-01-01`,
          value,
          status: 'final' as const,
          source,
        })),
  );
  const written = await writeObservations(db, actor, {
    batch: {
      fileName: `events-indicators-${year}`,
      fileSha256: createHash('sha256')
        .update(JSON.stringify(rowsOut.map((r) => [r.indicatorCode, r.subject.code, r.value])))
        .digest('hex'),
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: rowsOut.length,
      source,
      synthetic: towns.synthetic,
      note: `events indicators ${year}` + (towns.synthetic ? '; synthetic cases, not official figures' : ''),
    },
    rows: rowsOut,
    whenUnchanged: 'skip',
    audit: { action: 'events.indicators', after: { year } },
  });
  if (written.batchId === null || written.batchId === undefined) {
    await appendAudit(db, actor, { action: 'events.indicators', after: { year, unchanged: true } });
  }
  return {
    batchId: written.batchId ?? null,
    period: String(year),
    inserted: written.inserted,
    revised: written.revised,
    unchanged: written.unchanged,
  };
}

export async function summaryOf(db: Db, actor: Actor, now = Date.now()) {
  const local = new Date(now + 8 * 3600_000).toISOString().slice(0, 7);
  const monthStart = iso(Date.parse(`${local}-01T00:00:00+08:00`));
  const units = restrictedUnits(await profileOf(db, actor));
  const s = await repo.summary(db, actor, iso(now), monthStart, OPEN_STATES, units);
  const { cal, warnShare } = await repo.calendarUnscoped(db);
  const open = await repo.listCases(db, actor, { states: WATCHED, overdue: false, units }, { limit: 5000, offset: 0 });
  const warning = open.filter((c) => present(c, actor, cal, warnShare, now).deadline.level === 'warning').length;
  return {
    open: s?.open ?? 0,
    overdue: s?.overdue ?? 0,
    warning,
    closedThisMonth: s?.closedThisMonth ?? 0,
    synthetic: s?.synthetic ?? false,
  };
}

/** At most this many case points on the live map; the per-town counts always count them all. */
export const MAP_POINTS_MAX = 2000;

/** The live map: open cases per town and the newest open cases with a location, in the caller's scope and units. */
export async function mapOf(db: Db, actor: Actor) {
  const units = restrictedUnits(await profileOf(db, actor));
  const [towns, points] = await Promise.all([
    repo.openByTown(db, actor, OPEN_STATES, units),
    repo.openPoints(db, actor, OPEN_STATES, MAP_POINTS_MAX + 1, units),
  ]);
  const open = towns.reduce((n, t) => n + t.open, 0);
  return {
    towns: towns.map(({ synthetic: _s, ...town }) => town),
    points: points.slice(0, MAP_POINTS_MAX),
    truncated: points.length > MAP_POINTS_MAX,
    open,
    synthetic: towns.some((t) => t.synthetic),
    asOf: iso(Date.now()),
  };
}

// ---------------------------------------------------------------- the overdue sweep

/** Marks every watched case past its stored deadline overdue (idempotent); returns how many. */
export async function sweepOverdue(db: Db, now = Date.now()): Promise<number> {
  return db.transaction(async (t) => (await repo.markOverdueUnscoped(t as Db, iso(now), WATCHED)).length);
}

/** Runs the sweep now and every `intervalMs`; the stored due_at is the truth, the timer only re-checks. */
export function startOverdueSweep(db: Db, intervalMs: number, onError?: (err: unknown) => void) {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => (running = running.then(() => sweepOverdue(db)).catch((err) => onError?.(err)));
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
