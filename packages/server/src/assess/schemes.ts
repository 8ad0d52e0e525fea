/** 考核评价 schemes: immutable versions validated by the engine's parseScheme, with their bindings. */
import { parseScheme, type Plan } from '@gongfu/engine/assess';
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { listIndicators } from '../indicators/repository.js';
import { Bindings, checkBindings, schemeAttributes, schemeColumns } from './bindings.js';
import { engine } from './errors.js';
import * as repo from './repository.js';
import { textOf } from './tables.js';

export const SCHEME = { zh: '考核方案', en: 'Assessment scheme' };

export type SchemeSummary = Omit<repo.SchemeRow, 'id'>;

const summary = ({ id: _id, ...s }: repo.SchemeRow): SchemeSummary => s;

export async function listSchemes(db: Db, actor: Actor): Promise<SchemeSummary[]> {
  return (await repo.listSchemeRows(db, actor)).map(summary);
}

export interface SchemeVersionView {
  schemeCode: string;
  version: number;
  label: string;
  definition: unknown;
  bindings: Bindings;
  note: string;
  createdBy: string;
  createdAt: string;
}

const versionView = (v: repo.VersionRow): SchemeVersionView => ({
  schemeCode: v.schemeCode,
  version: v.version,
  label: v.label,
  definition: v.definition,
  bindings: v.bindings as Bindings,
  note: v.note,
  createdBy: v.createdBy,
  createdAt: v.createdAt,
});

export async function getScheme(db: Db, actor: Actor, code: string) {
  const s = await repo.findScheme(db, actor, code);
  if (!s) throw notFound(SCHEME, code);
  const latest = (await repo.findVersion(db, code))!;
  const versions = await repo.listVersions(db, code);
  return {
    scheme: summary(s),
    latest: versionView(latest),
    versions: versions.map((v) => ({
      version: v.version,
      label: v.label,
      note: v.note,
      createdBy: v.createdBy,
      createdByName: v.createdByName,
      createdAt: v.createdAt,
    })),
  };
}

export async function getSchemeVersion(db: Db, code: string, version?: number): Promise<SchemeVersionView> {
  const v = await repo.findVersion(db, code, version);
  if (!v) throw notFound(SCHEME, version ? `${code} v${version}` : code);
  return versionView(v);
}

export interface ValidationSummary {
  id: string;
  indicators: number;
  nodes: number;
  levels: number;
  columns: string[];
  attributes: string[];
  /** per node: children and declared weights with their sum (for the editor) */
  weights: { node: string; children: string[]; weights: (number | null)[]; sum: number | null; method: string }[];
}

/** Validates a scheme with the engine (and bindings when given); throws AppError with the engine's code. */
export function validateDefinition(
  definition: unknown,
  bindings?: unknown,
): { plan: Plan; summary: ValidationSummary; bindings?: Bindings } {
  const plan = engine(() => parseScheme(definition));
  const b = bindings === undefined ? undefined : checkBindings(plan, bindings);
  const weights = plan.scheme.nodes.map((n) => {
    const declared = plan.declaredWeights.get(n.id) ?? [];
    const ws = declared.map((w) => (Number.isFinite(w) ? w : null));
    const method = (n.weighting ?? plan.scheme.weighting).method;
    return {
      node: n.id,
      children: plan.children.get(n.id) ?? [],
      weights: ws,
      sum: ws.every((w) => w !== null) ? ws.reduce((a, w) => a + (w ?? 0), 0) : null,
      method,
    };
  });
  return {
    plan,
    bindings: b,
    summary: {
      id: plan.scheme.id,
      indicators: plan.indicators.length,
      nodes: plan.order.length,
      levels: plan.maxLevel,
      columns: schemeColumns(plan),
      attributes: schemeAttributes(plan),
      weights,
    },
  };
}

async function checkIndicatorsExist(db: Db, b: Bindings): Promise<void> {
  const codes = [...new Set(Object.values(b.columns))];
  const found = new Set((await listIndicators(db, codes)).map((i) => i.code));
  const unknown = codes.filter((c) => !found.has(c));
  if (unknown.length) {
    throw new AppError(
      'ASSESS_UNKNOWN_INDICATOR',
      400,
      {
        zh: `绑定的指标不在指标目录中：${unknown.join('、')}`,
        en: `bound indicators are not in the catalogue: ${unknown.join(', ')}`,
      },
      { indicators: unknown },
    );
  }
}

export interface NewVersionInput {
  definition: unknown;
  bindings?: unknown;
  note?: string;
}

/** Creates a scheme (its first version). The scheme code is the definition's `id`. */
export async function createScheme(db: Db, actor: Actor, input: NewVersionInput & { bindings: unknown }): Promise<SchemeVersionView> {
  const { plan, bindings } = validateDefinition(input.definition, input.bindings);
  await checkIndicatorsExist(db, bindings!);
  const s = plan.scheme;
  if (await repo.findScheme(db, actor, s.id)) {
    throw new AppError('ASSESS_SCHEME_EXISTS', 409, {
      zh: `考核方案 ${s.id} 已存在，请新建版本`,
      en: `scheme ${s.id} exists already; create a new version instead`,
    });
  }
  return audited(db, actor, async (tx) => {
    const schemeId = await repo.insertScheme(tx, {
      code: s.id,
      titleZh: textOf(s.name, 'zh', s.id),
      titleEn: textOf(s.name, 'en', s.id),
      illustrative: s.illustrative,
      createdBy: actor.id,
    });
    const version = await repo.insertVersion(tx, {
      schemeId,
      label: s.version,
      definition: input.definition,
      bindings,
      note: input.note ?? '',
      createdBy: actor.id,
    });
    const view = (await repo.findVersion(tx, s.id, version))!;
    return {
      result: versionView(view),
      audit: { action: 'assess.scheme.create', target: `assess_scheme:${s.id}`, after: { version, label: s.version } },
    };
  });
}

/** A new immutable version; bindings default to the latest version's. */
export async function createSchemeVersion(db: Db, actor: Actor, code: string, input: NewVersionInput): Promise<SchemeVersionView> {
  const latest = await repo.findVersion(db, code);
  if (!latest) throw notFound(SCHEME, code);
  const { plan, bindings } = validateDefinition(input.definition, input.bindings ?? latest.bindings);
  if (plan.scheme.id !== code) {
    throw new AppError('ASSESS_SCHEME_ID_MISMATCH', 400, {
      zh: `方案 id（${plan.scheme.id}）与方案编码 ${code} 不一致`,
      en: `scheme id (${plan.scheme.id}) differs from the scheme code ${code}`,
    });
  }
  await checkIndicatorsExist(db, bindings!);
  return audited(db, actor, async (tx) => {
    const version = await repo.insertVersion(tx, {
      schemeId: latest.schemeId,
      label: plan.scheme.version,
      definition: input.definition,
      bindings,
      note: input.note ?? '',
      createdBy: actor.id,
    });
    await repo.retitleScheme(tx, latest.schemeId, { zh: textOf(plan.scheme.name, 'zh', code), en: textOf(plan.scheme.name, 'en', code) });
    const view = (await repo.findVersion(tx, code, version))!;
    return {
      result: versionView(view),
      audit: {
        action: 'assess.scheme.version',
        target: `assess_scheme:${code}`,
        before: { version: latest.version },
        after: { version, label: plan.scheme.version, note: input.note ?? '' },
      },
    };
  });
}
