/**
 * 河长制 services: rivers and reaches (geometry optional), chiefs per reach and level, the patrol
 * frequency rules, patrol records whose problems open event cases in the same transaction (through
 * the event loop's intake in the manifest; without it the problem list is the module's own), photos,
 * completion rates per chief, town and district (engine ecology/patrol), and the rate as an
 * indicator through the observation writer.
 */
import { createHash } from 'node:crypto';
import { patrolCompletion, sumPatrolTallies, type PatrolTally } from '@gongfu/engine/ecology';
import type { Actor } from '../auth/actor.js';
import { appendAudit, audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { readPage } from '../http/schemas.js';
import { caseIntake } from '../modules.js';
import { writeObservations } from '../observations/writer.js';
import { localDate } from './days.js';
import { defaultCounty } from './repository.js';
import * as repo from './rivers-repository.js';
import type { ChiefLevel, PatrolBody } from './rivers-schemas.js';

const RIVER = { zh: '河道', en: 'river' };
const REACH = { zh: '河段', en: 'reach' };
const PATROL = { zh: '巡河记录', en: 'patrol' };
export const PATROL_INDICATOR = 'ECO_PATROL_RATE';
const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

const outOfScope = (code: string) =>
  new AppError('OUT_OF_SCOPE', 403, { zh: `地区「${code}」不在你的数据范围内`, en: `Region "${code}" is outside your data scope` });

async function placeIn(db: Db, actor: Actor, code: string, levels: readonly string[], path: string[]) {
  const place = await repo.placeOf(db, actor, code);
  if (!place) throw outOfScope(code);
  if (!levels.includes(place.level))
    throw badRequest(
      'ECO_REGION_LEVEL',
      { zh: `地区「${place.name}」的层级不符（应为${levels.join('/')}）`, en: `region ${code} must be one of: ${levels.join(', ')}` },
      { path },
    );
  return place;
}

// ---------------------------------------------------------------- rivers and reaches

export async function saveRiver(db: Db, actor: Actor, code: string, body: { name: string; regionCode: string; geometry?: unknown }) {
  await placeIn(db, actor, body.regionCode, ['county', 'town'], ['regionCode']);
  const existing = await repo.riverExistsUnscoped(db, code);
  if (existing && !(await repo.riversOf(db, actor, code)).some((r) => r.code === code && r.regionCode === existing.regionCode))
    throw notFound(RIVER, code);
  await audited(db, actor, async (tx) => {
    await repo.upsertRiverUnscoped(tx, {
      code,
      name: body.name,
      regionCode: body.regionCode,
      geometry: body.geometry ?? null,
      createdBy: actor.id,
    });
    return {
      result: undefined,
      audit: {
        action: 'ecology.river.save',
        target: `eco_river:${code}`,
        after: { name: body.name, region: body.regionCode, geometry: !!body.geometry },
      },
    };
  });
  return (await repo.riversOf(db, actor, code))[0]!;
}

export async function rivers(db: Db, actor: Actor) {
  return repo.riversOf(db, actor);
}

export async function saveReach(
  db: Db,
  actor: Actor,
  code: string,
  body: { riverCode: string; name: string; regionCode: string; lengthKm?: number | null; geometry?: unknown },
) {
  if (!(await repo.riverExistsUnscoped(db, body.riverCode)))
    throw badRequest(
      'ECO_RIVER_UNKNOWN',
      { zh: `河道不存在：${body.riverCode}`, en: `no river ${body.riverCode}` },
      { path: ['riverCode'] },
    );
  const place = await placeIn(db, actor, body.regionCode, ['town', 'village'], ['regionCode']);
  if (await repo.reachExistsUnscoped(db, code)) {
    if ((await repo.reachesOf(db, actor, { code })).length === 0) throw notFound(REACH, code);
  }
  await audited(db, actor, async (tx) => {
    await repo.upsertReachUnscoped(tx, {
      code,
      riverCode: body.riverCode,
      name: body.name,
      regionCode: place.code,
      townCode: place.townCode!,
      lengthKm: body.lengthKm ?? null,
      geometry: body.geometry ?? null,
      createdBy: actor.id,
    });
    return {
      result: undefined,
      audit: {
        action: 'ecology.reach.save',
        target: `eco_reach:${code}`,
        after: { river: body.riverCode, name: body.name, region: place.code, lengthKm: body.lengthKm ?? null, geometry: !!body.geometry },
      },
    };
  });
  return (await reachPage(db, actor, { page: 1, pageSize: 1, code }, today())).items[0]!;
}

const today = () => localDate(Date.now());
const monthStart = (d: string) => d.slice(0, 8) + '01';

export function spanOf(q: { from?: string; to?: string }) {
  const to = q.to ?? today();
  const from = q.from ?? monthStart(to);
  if (from > to) throw badRequest('ECO_SPAN', { zh: '开始日期晚于结束日期', en: 'from is after to' }, { path: ['from'] });
  return { from, to };
}

/** Completion of each chief in scope over [from, to]. */
async function tallies(db: Db, actor: Actor, chiefs: repo.ChiefRow[], from: string, to: string) {
  const rules = new Map((await repo.patrolRules(db)).map((r) => [r.level, r.periodDays]));
  const dates = new Map((await repo.patrolDates(db, actor, from, to)).map((d) => [d.chiefId, d.dates]));
  const f = dayNumber(from);
  const t = dayNumber(to);
  return new Map(
    chiefs.map((c) => {
      const period = rules.get(c.level)!;
      return [c.id, { period, tally: patrolCompletion((dates.get(c.id) ?? []).map(dayNumber), f, t, period) }];
    }),
  );
}

export async function reachPage(
  db: Db,
  actor: Actor,
  q: { page: number; pageSize: number; river?: string; town?: string; q?: string; code?: string; from?: string; to?: string },
  _now?: string,
) {
  const { from, to } = spanOf(q);
  const f = { river: q.river, townCode: q.town, q: q.q, code: q.code };
  return readPage(
    q,
    async (w) => {
      const reaches = await repo.reachesOf(db, actor, f, w);
      const chiefs = reaches.length
        ? await repo.chiefsOf(
            db,
            actor,
            reaches.map((r) => r.code),
          )
        : [];
      const t = await tallies(db, actor, chiefs, from, to);
      const last = new Map(
        (chiefs.length
          ? await repo.lastPatrols(
              db,
              actor,
              chiefs.map((c) => c.id),
            )
          : []
        ).map((l) => [l.chiefId, l.last]),
      );
      return reaches.map((r) => {
        const mine = chiefs.filter((c) => c.reachCode === r.code);
        return {
          ...r,
          chiefs: mine.map((c) => ({
            id: c.id,
            level: c.level,
            personName: c.personName,
            phone: c.phone,
            userId: c.userId,
            username: c.username,
            periodDays: t.get(c.id)!.period,
            completion: t.get(c.id)!.tally,
            lastPatrol: last.get(c.id) ?? null,
          })),
          completion: sumPatrolTallies(mine.map((c) => t.get(c.id)!.tally)),
        };
      });
    },
    () => repo.countReaches(db, actor, f),
  );
}

async function reachInScope(db: Db, actor: Actor, code: string) {
  const r = (await repo.reachesOf(db, actor, { code }))[0];
  if (!r) throw notFound(REACH, code);
  return r;
}

export async function saveChief(
  db: Db,
  actor: Actor,
  reachCode: string,
  level: ChiefLevel,
  body: { username?: string; personName?: string; phone: string },
) {
  const reach = await reachInScope(db, actor, reachCode);
  let userId: number | null = null;
  let personName = body.personName ?? '';
  if (body.username) {
    const u = await repo.userByName(db, body.username);
    if (!u)
      throw badRequest('ECO_CHIEF_USER', { zh: `账号不存在：${body.username}`, en: `no account ${body.username}` }, { path: ['username'] });
    userId = u.id;
    personName ||= u.displayName;
  }
  const id = await audited(db, actor, async (tx) => {
    const id = await repo.upsertChiefUnscoped(tx, {
      reachCode,
      level,
      userId,
      personName,
      phone: body.phone,
      regionCode: reach.regionCode,
      createdBy: actor.id,
    });
    return {
      result: id,
      audit: {
        action: 'ecology.chief.save',
        target: `eco_reach:${reachCode}:${level}`,
        after: { personName, user: body.username ?? null },
      },
    };
  });
  return { id, reachCode, level, personName, userId };
}

export const rules = (db: Db) => repo.patrolRules(db);

export async function saveRule(db: Db, actor: Actor, level: ChiefLevel, body: { periodDays: number; source: string }) {
  await audited(db, actor, async (tx) => {
    const r = await repo.updatePatrolRule(tx, level, body.periodDays, body.source);
    return {
      result: undefined,
      audit: { action: 'ecology.rule.save', target: `eco_patrol_rule:${level}`, before: { periodDays: r?.before }, after: body },
    };
  });
  return (await repo.patrolRules(db)).find((r) => r.level === level)!;
}

// ---------------------------------------------------------------- patrols

export async function recordPatrol(db: Db, actor: Actor, body: PatrolBody, options: { synthetic?: boolean } = {}) {
  const reach = await reachInScope(db, actor, body.reachCode);
  const chief = (await repo.chiefsOf(db, actor, [reach.code])).find((c) => c.level === body.level);
  if (!chief)
    throw badRequest(
      'ECO_CHIEF_MISSING',
      { zh: `该河段没有${body.level}级河长`, en: `the reach has no ${body.level} chief` },
      { path: ['level'] },
    );
  if (body.date > today())
    throw badRequest('ECO_PATROL_FUTURE', { zh: '巡河日期不能晚于今天', en: 'the patrol date is in the future' }, { path: ['date'] });
  const intake = body.problems.length ? await caseIntake() : undefined;
  const id = await audited(db, actor, async (tx) => {
    const patrolId = await repo.insertPatrolUnscoped(tx, {
      reachCode: reach.code,
      chiefId: chief.id,
      date: body.date,
      track: body.track,
      note: body.note,
      regionCode: reach.regionCode,
      townCode: reach.townCode,
      synthetic: options.synthetic,
      createdBy: actor.id,
    });
    const cases: number[] = [];
    for (const [i, p] of body.problems.entries()) {
      let caseId: number | null = null;
      if (intake) {
        const c = await intake
          .openCase(tx, actor, {
            idempotencyKey: `${body.idempotencyKey}.p${i + 1}`,
            categoryCode: p.categoryCode,
            regionCode: reach.regionCode,
            lon: p.lon ?? body.track[0]?.[0] ?? null,
            lat: p.lat ?? body.track[0]?.[1] ?? null,
            address: `${reach.riverName}·${reach.name}`,
            description: `【巡河发现】${p.description}（河段 ${reach.name}，${chief.level === 'district' ? '区级' : chief.level === 'town' ? '镇级' : '村级'}河长 ${chief.personName}，${body.date}）`,
            reporterName: chief.personName,
            reporterPhone: chief.phone,
            source: {
              module: 'ecology',
              ref: `eco_patrol:${patrolId}`,
              reach: reach.code,
              chief: chief.id,
              chiefName: chief.personName,
              level: chief.level,
            },
          })
          .catch((err: unknown) => {
            if (err instanceof AppError && err.details && typeof err.details === 'object' && 'path' in err.details)
              (err.details as { path: (string | number)[] }).path = ['problems', i, ...(err.details as { path: (string | number)[] }).path];
            throw err;
          });
        caseId = c.id;
        cases.push(c.id);
      }
      await repo.insertProblemUnscoped(tx, {
        patrolId,
        description: p.description,
        categoryCode: p.categoryCode,
        caseId,
        regionCode: reach.regionCode,
        createdBy: actor.id,
      });
    }
    return {
      result: patrolId,
      audit: {
        action: 'ecology.patrol',
        target: `eco_patrol:${patrolId}`,
        after: {
          reach: reach.code,
          chief: chief.id,
          level: chief.level,
          date: body.date,
          points: body.track.length,
          problems: body.problems.length,
          cases,
        },
      },
    };
  });
  return patrolDetail(db, actor, id);
}

export async function patrolDetail(db: Db, actor: Actor, id: number) {
  const p = (await repo.patrolsOf(db, actor, { id }))[0];
  if (!p) throw notFound(PATROL, String(id));
  const [track, problemList, photos] = await Promise.all([
    repo.patrolTrack(db, actor, id),
    repo.problemsOf(db, actor, id),
    repo.photosOf(db, actor, id),
  ]);
  return { ...p, track: track?.track ?? [], problemList, photos };
}

export async function patrolPage(
  db: Db,
  actor: Actor,
  q: { page: number; pageSize: number; reach?: string; town?: string; river?: string },
) {
  const f = { reach: q.reach, townCode: q.town, river: q.river };
  return readPage(
    q,
    (w) => repo.patrolsOf(db, actor, f, w),
    () => repo.countPatrols(db, actor, f),
  );
}

const PHOTO_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
};
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTOS_PER_PATROL = 9;

export async function addPhoto(db: Db, actor: Actor, patrolId: number, file: { bytes: Buffer; fileName: string }) {
  const p = await patrolDetail(db, actor, patrolId);
  const ext = file.fileName.split('.').pop()?.toLowerCase() ?? '';
  const contentType = PHOTO_TYPES[ext];
  if (!contentType)
    throw badRequest(
      'ECO_PHOTO_TYPE',
      { zh: '照片须为 JPG、PNG、WEBP 或 HEIC', en: 'a photo must be JPG, PNG, WEBP or HEIC' },
      { path: ['file'] },
    );
  if (file.bytes.length > PHOTO_MAX_BYTES)
    throw new AppError('FILE_TOO_LARGE', 413, { zh: '照片超过 10 MB', en: 'the photo is over 10 MB' });
  if (p.photos.length >= PHOTOS_PER_PATROL)
    throw badRequest('ECO_PHOTO_COUNT', {
      zh: `每次巡河至多 ${PHOTOS_PER_PATROL} 张照片`,
      en: `at most ${PHOTOS_PER_PATROL} photos per patrol`,
    });
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const id = await audited(db, actor, async (tx) => ({
    result: await repo.insertPhotoUnscoped(tx, {
      patrolId,
      fileName: file.fileName,
      contentType,
      bytes: file.bytes,
      sha256,
      uploadedBy: actor.id,
    }),
    audit: {
      action: 'ecology.patrol.photo',
      target: `eco_patrol:${patrolId}`,
      after: { file: file.fileName, size: file.bytes.length, sha256 },
    },
  }));
  return { id, fileName: file.fileName, contentType, size: file.bytes.length, sha256 };
}

export async function photo(db: Db, actor: Actor, patrolId: number, photoId: number) {
  const f = await repo.photoBytes(db, actor, patrolId, photoId);
  if (!f) throw notFound({ zh: '照片', en: 'photo' }, String(photoId));
  await db.transaction(async (tx) => {
    await appendAudit(tx as Db, actor, {
      action: 'ecology.patrol.photo.download',
      target: `eco_patrol_photo:${photoId}`,
      after: { patrol: patrolId },
    });
  });
  return f;
}

// ---------------------------------------------------------------- completion

export async function completion(db: Db, actor: Actor, q: { from?: string; to?: string }) {
  const { from, to } = spanOf(q);
  const chiefs = await repo.chiefsOf(db, actor);
  const t = await tallies(db, actor, chiefs, from, to);
  const reaches = new Map((await repo.reachesOf(db, actor, {})).map((r) => [r.code, r]));
  const byTown = new Map<string, { townName: string; tallies: PatrolTally[] }>();
  for (const c of chiefs) {
    const r = reaches.get(c.reachCode);
    const town = byTown.get(c.townCode) ?? { townName: r?.townName ?? c.townCode, tallies: [] };
    town.tallies.push(t.get(c.id)!.tally);
    byTown.set(c.townCode, town);
  }
  return {
    from,
    to,
    towns: [...byTown.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([townCode, v]) => ({ townCode, townName: v.townName, chiefs: v.tallies.length, ...sumPatrolTallies(v.tallies) })),
    district: sumPatrolTallies(chiefs.map((c) => t.get(c.id)!.tally)),
    chiefs: chiefs.map((c) => ({
      chiefId: c.id,
      personName: c.personName,
      level: c.level,
      reachCode: c.reachCode,
      reachName: c.reachName,
      townCode: c.townCode,
      ...t.get(c.id)!.tally,
    })),
  };
}

/** Writes ECO_PATROL_RATE of a month for each town with chiefs and for the actor's county. */
export async function writePatrolIndicators(db: Db, actor: Actor, month: string) {
  const from = `${month}-01`;
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const to = last < today() ? last : today();
  if (from > to) throw badRequest('ECO_SPAN', { zh: '该月尚未开始', en: 'the month has not started' }, { path: ['month'] });
  const c = await completion(db, actor, { from, to });
  const county = await defaultCounty(db, actor);
  const values = c.towns.filter((x) => x.rate !== null).map((x) => ({ regionCode: x.townCode, value: x.rate! }));
  if (county?.level === 'county' && c.district.rate !== null) values.push({ regionCode: county.code, value: c.district.rate });
  const source = `河长巡河记录按巡河频次规则计算（${from}–${to}）`;
  const written = await writeObservations(db, actor, {
    batch: {
      fileName: `ecology-patrol-${month}`,
      fileSha256: createHash('sha256').update(JSON.stringify(values)).digest('hex'),
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: values.length,
      source,
      synthetic: false,
      note: `river-chief patrol completion ${month}`,
    },
    rows: values.map((v) => ({
      indicatorCode: PATROL_INDICATOR,
      subject: { kind: 'region' as const, code: v.regionCode },
      period: month,
      periodStart: from,
      value: v.value,
      status: 'final' as const,
      source,
    })),
    whenUnchanged: 'skip',
    audit: { action: 'ecology.patrol.indicators', after: { month, from, to } },
  });
  return {
    period: month,
    batchId: written.batchId,
    inserted: written.inserted,
    revised: written.revised,
    unchanged: written.unchanged,
    values,
  };
}
