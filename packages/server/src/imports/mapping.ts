/**
 * Confirmed name mappings of an import (issue 11). A clerk confirms a name the importer could not
 * resolve (`mapping: { regions: { 柯桥镇老: '330603001000' }, indicators: { 人均收入: 'INCOME_PC' } }`);
 * the mapping applies to this import and, when the import is written, is saved for its source in
 * the import's transaction with an `import.mapping` audit entry. Next month's file from the same
 * source uses the saved mappings without asking. A region mapping must name a region in the
 * caller's scope (else the import fails and nothing is saved); a saved region mapping whose region
 * is outside the caller's scope is not applied (the name is then resolved in scope, or reported).
 */
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import type { Indicator } from '../indicators/schema.js';
import type { ImportIssue } from './issues.js';
import type { HeaderNames } from './layout.js';
import { indicatorKey, indicatorResolver, normaliseName, regionResolver, type NameMatch } from './names.js';
import {
  existingRegionCodesUnscoped,
  namedRegions,
  saveMappingsUnscoped,
  savedMappingsUnscoped,
  type MappingKind,
  type SavedMapping,
} from './repository.js';

export interface NameMapping {
  regions?: Record<string, string>;
  indicators?: Record<string, string>;
}

export interface ImportNames {
  /** for wide headers: mapped indicator names, and suggestions for an unknown header */
  header: HeaderNames;
  indicator(raw: string): NameMatch;
  /** only after `loadRegions` */
  region(raw: string): NameMatch;
  /** loads the caller's regions (once); needed before `region` */
  loadRegions(): Promise<void>;
  /** the confirmed mappings of this request that change what is saved for the source */
  toSave: SavedMapping[];
  /** the code saved before for each name in `toSave`, if any (`kind:name`) */
  previous: Map<string, string>;
  /** column roles saved for the source: header text (as `indicatorKey`) → role word (ignore, subject, …) */
  roles: Map<string, string>;
}

const keyOf = (kind: MappingKind, name: string) => `${kind}:${name}`;

export async function prepareNames(
  db: Db,
  actor: Actor,
  catalogue: Map<string, Indicator>,
  source: string,
  mapping: NameMapping | undefined,
  issues: ImportIssue[],
): Promise<ImportNames> {
  const saved = await savedMappingsUnscoped(db, source);
  const savedBy = new Map(saved.map((m) => [keyOf(m.kind, m.name), m.code]));
  const problem = (code: string, zh: string, en: string) => issues.push({ sheet: null, row: null, column: null, code, zh, en });

  // indicators: the request's mappings over the saved ones, then the catalogue by name
  const indicatorMap = new Map<string, Indicator>();
  for (const m of saved) if (m.kind === 'indicator' && catalogue.has(m.code)) indicatorMap.set(m.name, catalogue.get(m.code)!);
  const toSave: SavedMapping[] = [];
  for (const [raw, code] of Object.entries(mapping?.indicators ?? {})) {
    const name = indicatorKey(raw);
    const ind = catalogue.get(code.trim());
    if (!name) continue;
    if (!ind) {
      problem(
        'MAPPING_UNKNOWN_CODE',
        `对应关系「${raw}」→「${code}」：指标目录中没有该代码`,
        `Mapping "${raw}" → "${code}": no such indicator code`,
      );
      continue;
    }
    indicatorMap.set(name, ind);
    if (savedBy.get(keyOf('indicator', name)) !== ind.code) toSave.push({ kind: 'indicator', name, code: ind.code });
  }
  const byName = indicatorResolver(catalogue);
  const indicator = (raw: string): NameMatch => {
    const mapped = indicatorMap.get(indicatorKey(raw));
    return mapped ? { code: mapped.code } : byName(raw);
  };

  // regions: loaded when the file names one, or the request maps one
  const requested = Object.entries(mapping?.regions ?? {})
    .map(([raw, code]) => ({ raw, name: normaliseName(raw), code: code.trim() }))
    .filter((m) => m.name);
  let region: (raw: string) => NameMatch = () => {
    throw new Error('regions not loaded');
  };
  let loaded = false;
  const loadRegions = async () => {
    if (loaded) return;
    loaded = true;
    const regions = await namedRegions(db, actor);
    const inScope = new Set(regions.map((r) => r.code));
    const regionMap = new Map<string, string>();
    for (const m of saved) if (m.kind === 'region' && inScope.has(m.code)) regionMap.set(m.name, m.code);
    const outside = requested.filter((m) => !inScope.has(m.code));
    const existing = await existingRegionCodesUnscoped(
      db,
      outside.map((m) => m.code),
    );
    for (const m of requested) {
      if (!inScope.has(m.code)) {
        if (existing.has(m.code))
          problem(
            'MAPPING_OUT_OF_SCOPE',
            `对应关系「${m.raw}」→「${m.code}」：该地区超出你的数据范围`,
            `Mapping "${m.raw}" → "${m.code}": that region is outside your data scope`,
          );
        else
          problem(
            'MAPPING_UNKNOWN_CODE',
            `对应关系「${m.raw}」→「${m.code}」：没有该地区代码`,
            `Mapping "${m.raw}" → "${m.code}": no such region code`,
          );
        continue;
      }
      regionMap.set(m.name, m.code);
      if (savedBy.get(keyOf('region', m.name)) !== m.code) toSave.push({ kind: 'region', name: m.name, code: m.code });
    }
    const resolve = regionResolver(regions);
    region = (raw) => {
      const mapped = regionMap.get(normaliseName(raw));
      return mapped ? { code: mapped } : resolve(raw);
    };
  };
  if (requested.length > 0) await loadRegions();

  return {
    header: {
      aliases: indicatorMap,
      suggest: (h) => {
        const m = byName(h);
        return m.code === null ? m.suggestions : [];
      },
    },
    indicator,
    region: (raw) => region(raw),
    loadRegions,
    toSave,
    previous: savedBy,
    roles: new Map(saved.filter((m) => m.kind === 'column').map((m) => [m.name, m.code])),
  };
}

/** Saves the confirmed mappings for the source and audits them; inside the import's transaction. */
export async function saveConfirmedMappings(tx: Db, actor: Actor, source: string, names: ImportNames): Promise<void> {
  if (names.toSave.length === 0) return;
  await saveMappingsUnscoped(tx, source, names.toSave, actor.id);
  const list = (kind: MappingKind, from: (m: SavedMapping) => string | undefined) =>
    Object.fromEntries(names.toSave.filter((m) => m.kind === kind && from(m) !== undefined).map((m) => [m.name, from(m)]));
  const was = (m: SavedMapping) => names.previous.get(keyOf(m.kind, m.name));
  const before: Record<string, Record<string, string | undefined>> = { regions: list('region', was), indicators: list('indicator', was) };
  const columnsBefore = list('column', was);
  if (Object.keys(columnsBefore).length > 0) before.columns = columnsBefore;
  await appendAudit(tx, actor, {
    action: 'import.mapping',
    target: `import-source:${source}`,
    before: Object.values(before).some((b) => Object.keys(b).length > 0) ? before : null,
    after: {
      source,
      regions: list('region', (m) => m.code),
      indicators: list('indicator', (m) => m.code),
      ...(names.toSave.some((m) => m.kind === 'column') ? { columns: list('column', (m) => m.code) } : {}),
    },
  });
}
