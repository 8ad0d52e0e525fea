/**
 * Pure helpers of the scheme editor: the scheme as a tree of rows (nodes with their children and
 * weights), weight edits that return a new definition, and the weight-sum check shown live.
 */
import type { ChildRef, SchemeDefinition, SchemeIndicatorDef, SchemeNodeDef, TextValue } from '../../api/assess';

export interface TreeRow {
  key: string;
  id: string;
  parent: string | null;
  name: string;
  kind: 'node' | 'indicator';
  weight: number | null;
  method: string | null;
  /** an indicator's data column (bound to a catalogue indicator by the scheme's bindings) */
  column?: string;
  children?: TreeRow[];
}

/** Deep copy of plain JSON (works on Vue's reactive proxies, unlike structuredClone). */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export const text = (t: TextValue | undefined, locale: string, fallback: string) =>
  t === undefined ? fallback : typeof t === 'string' ? t : locale === 'en' ? (t.en ?? t.zh) : t.zh;

const childId = (c: ChildRef) => (typeof c === 'string' ? c : c.id);
const childWeight = (c: ChildRef) => (typeof c === 'string' ? null : (c.weight ?? null));

export function schemeTree(d: SchemeDefinition, locale: string): TreeRow[] {
  const nodes = new Map(d.nodes.map((n) => [n.id, n]));
  const inds = new Map(d.indicators.map((i) => [i.id, i]));
  const build = (id: string, parent: string | null, weight: number | null): TreeRow => {
    const node = nodes.get(id);
    if (node) {
      return {
        key: `${parent ?? ''}/${id}`,
        id,
        parent,
        name: text(node.name, locale, id),
        kind: 'node',
        weight,
        method: (node.weighting ?? d.weighting)?.method ?? 'fixed',
        children: node.children.map((c) => build(childId(c), id, childWeight(c))),
      };
    }
    const ind = inds.get(id);
    return {
      key: `${parent ?? ''}/${id}`,
      id,
      parent,
      name: text(ind?.name, locale, id),
      kind: 'indicator',
      weight,
      method: ind?.normalise?.method ?? d.normalise?.method ?? 'minmax',
      column: ind?.column ?? id,
    };
  };
  return [build(d.root, null, null)];
}

/** A copy of the definition with one child weight changed. */
export function setWeight(d: SchemeDefinition, parent: string, child: string, weight: number): SchemeDefinition {
  const copy = clone(d);
  const node = copy.nodes.find((n) => n.id === parent);
  if (!node) return copy;
  node.children = node.children.map((c) => (childId(c) === child ? { id: child, weight } : c));
  return copy;
}

/**
 * A copy with a node's weighting method, or an indicator's normalisation method, changed. The method
 * comes from the editor's lists; methods that need parameters are reported by the server's live
 * validation, so the method name is not narrowed here.
 */
export function setMethod(d: SchemeDefinition, id: string, kind: 'node' | 'indicator', method: string): SchemeDefinition {
  const copy = clone(d);
  if (kind === 'node') {
    const node = copy.nodes.find((n) => n.id === id);
    if (node) node.weighting = method === 'fixed' ? undefined : ({ method } as SchemeNodeDef['weighting']);
    if (node && !node.weighting) delete node.weighting;
  } else {
    const ind = copy.indicators.find((i) => i.id === id);
    if (ind) ind.normalise = { method } as SchemeIndicatorDef['normalise'];
  }
  return copy;
}

export interface WeightCheck {
  node: string;
  sum: number;
  expected: number;
  ok: boolean;
}

/** Fixed-weight nodes whose declared child weights must sum to weights.total (unless weights are relative). */
export function weightChecks(d: SchemeDefinition): WeightCheck[] {
  const total = d.weights?.total ?? 1;
  const tol = Math.max(d.weights?.tolerance ?? 1e-6, 1e-9);
  if (d.weights?.relative) return [];
  const out: WeightCheck[] = [];
  for (const n of d.nodes) {
    const method = (n.weighting ?? d.weighting)?.method ?? 'fixed';
    if (method !== 'fixed') continue;
    const ws = n.children.map(childWeight);
    if (ws.every((w) => w === null)) continue;
    const sum = ws.reduce<number>((a, w) => a + (w ?? 0), 0);
    out.push({ node: n.id, sum: Math.round(sum * 1e9) / 1e9, expected: total, ok: Math.abs(sum - total) <= tol });
  }
  return out;
}

export const WEIGHTING_METHODS = ['fixed', 'equal', 'entropy', 'critic', 'ahp'];
export const NORMALISE_METHODS = ['minmax', 'zscore', 'rank', 'percentile', 'goalposts', 'targetRatio', 'efficacy', 'dist2targ', 'fracmax'];
