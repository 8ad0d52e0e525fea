/**
 * The 三级指挥协同 demo: handling units (the 16 镇街 and their villages as 属地, five 条线 departments),
 * a routing table, and a synthetic year of cases across Keqiao's 16 镇街 with realistic categories,
 * channels and timings on the working-time calendar (mulberry32, so identical on every load). Every
 * case is flagged synthetic and says so in its description. Idempotent: a loaded demo is left alone.
 */
import { sql } from 'drizzle-orm';
import { addWorkingMinutes, dueAt, workingMinutesBetween, type WorkCalendar } from '@gongfu/engine/calendar';
import { fnv1a, mulberry32 } from '@gongfu/engine';
import type { EventState } from '@gongfu/engine/events';
import { rows, type Db } from '../db/store.js';
import type { DemoOptions } from '../module.js';
import { systemActor } from '../auth/actor.js';
import { publishIndicators } from './service.js';
import { calendarUnscoped, categoriesUnscoped, type CategoryRow } from './repository.js';

export const KEQIAO = '330603000000';
const REPORTED = 'report';
export const SYNTHETIC_LABEL = '【合成数据 synthetic】';

const DEPARTMENTS: [string, string, string][] = [
  ['DEPT_ZHZF', '区综合行政执法局', 'District law enforcement bureau'],
  ['DEPT_XF', '区消防救援大队', 'District fire and rescue brigade'],
  ['DEPT_RSJ', '区人力社保局', 'District human resources and social security bureau'],
  ['DEPT_ZJJ', '区住建局', 'District housing and construction bureau'],
  ['DEPT_HBJ', '生态环境分局', 'Ecology and environment branch'],
];

/** category → a department code, or the 属地 town / village. */
const ROUTING: Record<string, string> = {
  CONFLICT_NEIGHBOUR: 'village',
  CONFLICT_WAGE: 'DEPT_RSJ',
  CONFLICT_FAMILY: 'village',
  SAFETY_FIRE: 'DEPT_XF',
  SAFETY_GAS: 'town',
  SAFETY_HOUSING: 'DEPT_ZJJ',
  SANITATION_LITTER: 'village',
  SANITATION_SEWAGE: 'town',
  SANITATION_RIVER: 'DEPT_HBJ',
  BUILDING_ILLEGAL: 'DEPT_ZHZF',
  BUILDING_STREET: 'DEPT_ZHZF',
  HOTLINE_HELP: 'town',
  HOTLINE_COMPLAINT: 'town',
};

/** Units and the district-wide routing table (idempotent). Needs the regions loaded. */
export async function ensureEventUnitsUnscoped(db: Db, district = KEQIAO): Promise<number> {
  const found = await rows<{ n: number }>(db, sql`select count(*)::int as n from region where code = ${district}`);
  if (!found[0]?.n) return 0;
  await db.execute(
    sql`insert into event_unit (code, kind, region_code, name_zh, name_en)
        select code, 'region', code, name, coalesce(name_en, name) from region
        where level in ('town', 'village') and path like (select path from region where code = ${district}) || '%'
        on conflict (code) do nothing`,
  );
  for (const [code, zh, en] of DEPARTMENTS) {
    await db.execute(
      sql`insert into event_unit (code, kind, region_code, name_zh, name_en) values (${code}, 'department', ${district}, ${zh}, ${en})
          on conflict (code) do nothing`,
    );
  }
  for (const [category, to] of Object.entries(ROUTING)) {
    const locality = to === 'town' || to === 'village' ? to : null;
    await db.execute(
      sql`insert into event_routing (category_code, region_code, unit_code, locality)
          values (${category}, ${district}, ${locality ? null : to}, ${locality}) on conflict do nothing`,
    );
  }
  return DEPARTMENTS.length;
}

const WEIGHTS: [string, number][] = [
  ['CONFLICT_NEIGHBOUR', 12],
  ['CONFLICT_WAGE', 4],
  ['CONFLICT_FAMILY', 5],
  ['SAFETY_FIRE', 8],
  ['SAFETY_GAS', 3],
  ['SAFETY_HOUSING', 2],
  ['SANITATION_LITTER', 20],
  ['SANITATION_SEWAGE', 6],
  ['SANITATION_RIVER', 5],
  ['BUILDING_ILLEGAL', 6],
  ['BUILDING_STREET', 9],
  ['HOTLINE_HELP', 10],
  ['HOTLINE_COMPLAINT', 10],
];
const TEXTS: Record<string, string[]> = {
  CONFLICT_NEIGHBOUR: ['楼上漏水引发邻里矛盾', '宅基地边界争议', '噪音扰民引发纠纷'],
  CONFLICT_WAGE: ['纺织厂拖欠工人工资', '外来务工人员讨薪'],
  CONFLICT_FAMILY: ['赡养老人问题家庭矛盾', '婚姻家庭纠纷需调解'],
  SAFETY_FIRE: ['楼道堆放杂物堵塞消防通道', '电动车室内充电', '出租房消防设施缺失'],
  SAFETY_GAS: ['餐饮店燃气管道老化', '液化气钢瓶违规存放'],
  SAFETY_HOUSING: ['老旧房屋墙体开裂', '危房仍有人居住'],
  SANITATION_LITTER: ['路边垃圾乱堆放', '建筑垃圾偷倒', '垃圾桶满溢未清运'],
  SANITATION_SEWAGE: ['雨污管道堵塞污水外溢', '化粪池满溢'],
  SANITATION_RIVER: ['河道漂浮物较多', '河面出现油污'],
  BUILDING_ILLEGAL: ['屋顶违章搭建', '农户违法加层', '厂区违章搭棚'],
  BUILDING_STREET: ['早市占道经营', '店外经营占用人行道'],
  HOTLINE_HELP: ['咨询社保办理流程', '求助路灯不亮'],
  HOTLINE_COMPLAINT: ['投诉夜间施工扰民', '投诉商铺油烟扰民'],
};
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗';

interface Place {
  town: string;
  villages: string[];
  lon: number;
  lat: number;
}

interface SimCase {
  key: string;
  channel: string;
  category: string;
  region: string;
  town: string;
  lon: number;
  lat: number;
  description: string;
  reporterName: string;
  reporterPhone: string;
  state: EventState;
  unit: string | null;
  reportedAt: number;
  filedAt: number | null;
  dispatchedAt: number | null;
  handledAt: number | null;
  closedAt: number | null;
  handleDueAt: number | null;
  closeDueAt: number | null;
  dueAt: number | null;
  overdue: boolean;
  extended: boolean;
  checked: boolean;
  reworked: boolean;
  actions: { action: string; from: EventState | null; to: EventState; at: number; actor: string; reason: string }[];
}

/** Simulates one case through the loop up to `now` (pure: same seed, same case). */
export function simulateCase(
  seed: number,
  input: {
    key: string;
    place: Place;
    category: CategoryRow;
    reportedAt: number;
    unitOf: (category: string, town: string, village: string) => string;
  },
  cal: WorkCalendar,
  now: number,
): SimCase {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const k = input.category;
  const village = input.place.villages.length ? pick(input.place.villages) : input.place.town;
  const r = rnd();
  const channel = r < 0.5 ? 'grid' : r < 0.8 ? 'hotline' : r < 0.95 ? 'web' : 'api';
  const c: SimCase = {
    key: input.key,
    channel,
    category: k.code,
    region: village,
    town: input.place.town,
    lon: input.place.lon + (rnd() - 0.5) * 0.03,
    lat: input.place.lat + (rnd() - 0.5) * 0.03,
    description: `${pick(TEXTS[k.code] ?? ['事件'])}${SYNTHETIC_LABEL}`,
    reporterName: channel === 'grid' ? `${pick([...SURNAMES])}网格员` : `${pick([...SURNAMES])}先生`,
    reporterPhone: `13${Math.floor(100000000 + rnd() * 899999999)}`,
    state: 'reported',
    unit: null,
    reportedAt: input.reportedAt,
    filedAt: null,
    dispatchedAt: null,
    handledAt: null,
    closedAt: null,
    handleDueAt: null,
    closeDueAt: null,
    dueAt: null,
    overdue: false,
    extended: false,
    checked: false,
    reworked: false,
    actions: [],
  };
  const dispatcher = `demo:dispatcher-${input.place.town}`;
  const step = (action: string, to: EventState, at: number, actor: string, reason = ''): boolean => {
    if (at > now) return false;
    c.actions.push({ action, from: c.state, to, at, actor, reason });
    c.state = to;
    return true;
  };
  c.actions.push({ action: REPORTED, from: null, to: 'reported', at: c.reportedAt, actor: `demo:reporter-${channel}`, reason: '' });
  const after = (t: number, hours: number) => addWorkingMinutes(cal, t, Math.max(1, hours * 60));
  let t = after(c.reportedAt, 0.1 + rnd() * 0.8);
  const finish = () => {
    const open = !['rejected', 'closed', 'evaluated'].includes(c.state);
    if (open && c.dueAt !== null && c.dueAt < now && c.state !== 'parked') c.overdue = true;
    if (!open) c.dueAt = null;
    return c;
  };
  if (!step('accept', 'accepted', t, dispatcher)) return finish();
  t = after(t, 0.2 + rnd() * 0.5);
  if (rnd() < 0.04) {
    step('reject', 'rejected', t, dispatcher, '经核实不属于受理范围');
    return finish();
  }
  if (!step('file', 'filed', t, dispatcher)) return finish();
  c.filedAt = t;
  c.closeDueAt = dueAt(cal, t, k.closeLimit!, k.closeUnit!);
  c.dueAt = c.closeDueAt;
  t = after(t, 0.1 + rnd() * 0.5);
  c.unit = input.unitOf(k.code, c.town, c.region);
  if (!step('dispatch', 'dispatched', t, dispatcher)) return finish();
  c.dispatchedAt = t;
  c.handleDueAt = dueAt(cal, t, k.handleLimit!, k.handleUnit!);
  c.dueAt = c.handleDueAt;
  const handler = `demo:unit-${c.unit}`;
  t = after(t, 0.1 + rnd() * 0.4);
  if (!step('start', 'handling', t, handler)) return finish();
  // a few recent cases stall with their unit: still in hand, and overdue once the deadline passes
  if (now - c.reportedAt < 45 * 86_400_000 && rnd() < 0.1) return finish();
  const allowed = workingMinutesBetween(cal, c.dispatchedAt, c.handleDueAt);
  if (rnd() < 0.05) {
    const at = after(t, 0.5);
    if (!step('extend_request', 'handling', at, handler, '需协调多部门，申请延期')) return finish();
    if (!step('extend_approve', 'handling', after(at, 1), dispatcher)) return finish();
    c.handleDueAt = addWorkingMinutes(cal, c.handleDueAt, 8 * 60);
    c.closeDueAt = addWorkingMinutes(cal, c.closeDueAt, 8 * 60);
    c.dueAt = c.handleDueAt;
    c.extended = true;
  }
  const frac = 0.15 + rnd() ** 1.5;
  t = addWorkingMinutes(cal, c.dispatchedAt, Math.max(10, frac * allowed));
  if (!step('feedback', 'feedback', t, handler)) return finish();
  c.handledAt = t;
  c.dueAt = c.closeDueAt;
  t = after(t, 1 + rnd() * 3);
  if (rnd() < 0.08) {
    if (!step('rework', 'handling', t, dispatcher, '核查未通过，现场仍未整改')) return finish();
    c.checked = true;
    c.reworked = true;
    c.handledAt = null;
    c.dueAt = c.handleDueAt;
    t = after(t, 2 + rnd() * 6);
    if (!step('feedback', 'feedback', t, handler)) return finish();
    c.handledAt = t;
    c.dueAt = c.closeDueAt;
    t = after(t, 1 + rnd() * 2);
  }
  if (!step('check_pass', 'checked', t, dispatcher)) return finish();
  c.checked = true;
  t = after(t, 0.2 + rnd());
  if (!step('close', 'closed', t, dispatcher)) return finish();
  c.closedAt = t;
  if (rnd() < 0.7) step('evaluate', 'evaluated', after(t, 2 + rnd() * 8), dispatcher);
  return finish();
}

/** The demo loader (system data: the demo writes for the whole district). */
export const loadEventsDemo = (db: Db, options: DemoOptions & { casesPerTown?: number } = {}) => loadEventsDemoUnscoped(db, options);

export async function loadEventsDemoUnscoped(db: Db, options: DemoOptions & { casesPerTown?: number } = {}): Promise<string[]> {
  if (!(await ensureEventUnitsUnscoped(db))) return [];
  const already = await rows<{ n: number }>(db, sql`select count(*)::int as n from event_case where synthetic`);
  if (already[0]!.n > 0) return [`三级指挥协同 / command loop: ${already[0]!.n} synthetic cases already loaded`];
  const now = (options.today ?? new Date()).getTime();
  const { cal } = await calendarUnscoped(db);
  const categories = new Map((await categoriesUnscoped(db)).map((k) => [k.code, k]));
  const towns = await rows<{ code: string; name: string }>(
    db,
    sql`select code, name from region where level = 'town' and parent_code = ${KEQIAO} order by code`,
  );
  const villages = await rows<{ code: string; parent: string }>(
    db,
    sql`select code, parent_code as parent from region where level = 'village' and parent_code like '330603%' order by code`,
  );
  const places: Place[] = towns.map((t, i) => ({
    town: t.code,
    villages: villages.filter((v) => v.parent === t.code).map((v) => v.code),
    lon: 120.38 + (i % 4) * 0.07,
    lat: 29.98 + Math.floor(i / 4) * 0.05,
  }));
  const unitOf = (category: string, town: string, village: string) => {
    const to = ROUTING[category]!;
    return to === 'town' ? town : to === 'village' ? village : to;
  };
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const perTown = options.casesPerTown ?? 150;
  const sims: SimCase[] = [];
  for (const place of places) {
    const rnd = mulberry32(fnv1a(`events-demo:${place.town}`));
    for (let i = 0; i < perTown; i++) {
      let x = rnd() * total;
      const code = WEIGHTS.find(([, w]) => (x -= w) < 0)?.[0] ?? 'SANITATION_LITTER';
      const day = Math.floor(rnd() * 365);
      const minute = 7 * 60 + Math.floor(rnd() * 13 * 60);
      const reportedAt = now - (day + 1) * 86_400_000 + (minute - 8 * 60) * 60_000;
      const key = `demo-${place.town}-${String(i).padStart(4, '0')}`;
      sims.push(simulateCase(fnv1a(key), { key, place, category: categories.get(code)!, reportedAt, unitOf }, cal, now));
    }
  }
  options.onStep?.('事件');
  const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const step = 500;
  for (let i = 0; i < sims.length; i += step) {
    const part = sims.slice(i, i + step);
    const col = <T>(f: (c: SimCase) => T) => sql.param(part.map(f));
    const ids = await rows<{ id: number; key: string }>(
      db,
      sql`insert into event_case (idempotency_key, channel, category_code, region_code, town_code, lon, lat, description, reporter_name,
            reporter_phone, state, unit_code, reported_at, filed_at, dispatched_at, handled_at, closed_at, handle_due_at, close_due_at,
            due_at, overdue, extended, checked, reworked, version, synthetic, created_by)
          select x.k, x.ch, x.cat, x.reg, x.town, x.lon, x.lat, x.descr, x.rn, x.rp, x.st, x.unit, x.rep, x.fil, x.dis, x.han, x.clo,
                 x.hdue, x.cdue, x.due, x.od, x.ext, x.chk, x.rw, x.ver, true, 'demo'
          from unnest(${col((c) => c.key)}::text[], ${col((c) => c.channel)}::text[], ${col((c) => c.category)}::text[],
                      ${col((c) => c.region)}::text[], ${col((c) => c.town)}::text[], ${col((c) => c.lon)}::float8[],
                      ${col((c) => c.lat)}::float8[], ${col((c) => c.description)}::text[], ${col((c) => c.reporterName)}::text[],
                      ${col((c) => c.reporterPhone)}::text[], ${col((c) => c.state)}::text[], ${col((c) => c.unit)}::text[],
                      ${col((c) => at(c.reportedAt))}::timestamptz[], ${col((c) => at(c.filedAt))}::timestamptz[],
                      ${col((c) => at(c.dispatchedAt))}::timestamptz[], ${col((c) => at(c.handledAt))}::timestamptz[],
                      ${col((c) => at(c.closedAt))}::timestamptz[], ${col((c) => at(c.handleDueAt))}::timestamptz[],
                      ${col((c) => at(c.closeDueAt))}::timestamptz[], ${col((c) => at(c.dueAt))}::timestamptz[],
                      ${col((c) => c.overdue)}::boolean[], ${col((c) => c.extended)}::boolean[], ${col((c) => c.checked)}::boolean[],
                      ${col((c) => c.reworked)}::boolean[], ${col((c) => c.actions.length)}::int[])
            as x(k, ch, cat, reg, town, lon, lat, descr, rn, rp, st, unit, rep, fil, dis, han, clo, hdue, cdue, due, od, ext, chk, rw, ver)
          on conflict (idempotency_key) do nothing
          returning id::int as id, idempotency_key as key`,
    );
    const idOf = new Map(ids.map((r) => [r.key, r.id]));
    const acts = part.flatMap((c) => (idOf.has(c.key) ? c.actions.map((a) => ({ id: idOf.get(c.key)!, ...a })) : []));
    const p = <T>(f: (a: (typeof acts)[number]) => T) => sql.param(acts.map(f));
    if (acts.length) {
      await db.execute(
        sql`insert into event_action (case_id, action, from_state, to_state, actor, at, reason, detail)
            select x.id, x.a, x.f, x.t, x.who, x.at, x.r, '{"synthetic": true}'::jsonb
            from unnest(${p((a) => a.id)}::bigint[], ${p((a) => a.action)}::text[], ${p((a) => a.from)}::text[], ${p((a) => a.to)}::text[],
                        ${p((a) => a.actor)}::text[], ${p((a) => new Date(a.at).toISOString())}::timestamptz[], ${p((a) => a.reason)}::text[])
              as x(id, a, f, t, who, at, r)`,
      );
    }
  }
  // dispatches (the demo never sends one back) and a synthetic 回访 rating of every evaluated case, ~85 % satisfied
  await db.execute(
    sql`update event_case set dispatch_count = (dispatched_at is not null)::int,
          rating = case when state <> 'evaluated' then null
                        else (array[2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5])[1 + abs(hashtext(idempotency_key)) % 20] end
        where synthetic`,
  );
  // the year's indicators into the catalogue, so that the cockpit card has values (synthetic batch)
  const year = new Date(now + 8 * 3600_000).getUTCFullYear();
  await publishIndicators(db, options.actor ?? systemActor('demo'), year, KEQIAO, now);
  const open = sims.filter((c) => !['rejected', 'closed', 'evaluated'].includes(c.state)).length;
  const overdue = sims.filter((c) => c.overdue).length;
  return [`三级指挥协同 / command loop: ${sims.length} synthetic cases across ${places.length} 镇街 (${open} open, ${overdue} overdue)`];
}
