/**
 * Scheme parsing and structural validation.
 *   parseScheme(json) = zod schema (scheme.ts) + the checks zod cannot express:
 *   unique ids; every child id is a known indicator or node (`SCHEME_UNKNOWN_INDICATOR`);
 *   root is a node; no cycles (`SCHEME_CYCLE`, with the cycle path); one parent per element;
 *   every indicator reachable from the root; fixed weights of each node sum to `weights.total`
 *   within `weights.tolerance` unless `weights.relative` (`WEIGHTS_NOT_SUMMING`);
 *   AHP matrices match the node's number of children; referenced denominators, targets and
 *   grades exist. All failures are `AssessError`s with bilingual messages.
 * The result, a `Plan`, carries the tree in bottom-up order with levels, ready to run.
 */

import { AssessError, fail } from './errors.js';
import { ahpWeights } from './weights-ahp.js';
import { collectShapes, schemeIssues } from './scheme-issues.js';
import {
  SCHEMA_VERSION,
  SchemeSchema,
  type AggregationSpec,
  type IndicatorDef,
  type NodeDef,
  type NormaliseSpec,
  type Scheme,
  type WeightingSpec,
} from './scheme.js';

export interface Plan {
  scheme: Scheme;
  indicators: IndicatorDef[];
  indicatorById: Map<string, IndicatorDef>;
  nodeById: Map<string, NodeDef>;
  /** Aggregate nodes, children before parents; the root is last. */
  order: string[];
  level: Map<string, number>;
  parent: Map<string, string>;
  children: Map<string, string[]>;
  /** Declared child weights (NaN where omitted). */
  declaredWeights: Map<string, number[]>;
  maxLevel: number;
}

export function parseScheme(input: unknown): Plan {
  if (
    input &&
    typeof input === 'object' &&
    'schemaVersion' in input &&
    (input as { schemaVersion: unknown }).schemaVersion !== SCHEMA_VERSION
  ) {
    fail(
      'SCHEME_VERSION',
      `不支持的方案版本 ${String((input as { schemaVersion: unknown }).schemaVersion)}（应为 ${SCHEMA_VERSION}）`,
      `unsupported schemaVersion ${String((input as { schemaVersion: unknown }).schemaVersion)} (expected ${SCHEMA_VERSION})`,
    );
  }
  const collector = collectShapes();
  const parsed = SchemeSchema.safeParse(input, { error: collector.error });
  if (!parsed.success) {
    const issues = schemeIssues(parsed.error, collector.shapes);
    const first = issues[0];
    throw new AssessError(
      'SCHEME_INVALID',
      `方案格式错误：${first.path || '(根)'} — ${first.message}${issues.length > 1 ? `（另有 ${issues.length - 1} 处）` : ''}`,
      `invalid scheme: ${first.path || '(root)'} — ${first.message}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`,
      { issues },
    );
  }
  return compileScheme(parsed.data);
}

export function childId(c: string | { id: string; weight?: number }): string {
  return typeof c === 'string' ? c : c.id;
}

export function compileScheme(scheme: Scheme): Plan {
  const indicatorById = new Map<string, IndicatorDef>();
  const nodeById = new Map<string, NodeDef>();
  for (const ind of scheme.indicators) {
    if (indicatorById.has(ind.id))
      fail('SCHEME_DUPLICATE_ID', `指标编号重复：${ind.id}`, `duplicate indicator id: ${ind.id}`, { id: ind.id });
    indicatorById.set(ind.id, ind);
  }
  for (const node of scheme.nodes) {
    if (nodeById.has(node.id) || indicatorById.has(node.id))
      fail('SCHEME_DUPLICATE_ID', `节点编号重复：${node.id}`, `duplicate node id: ${node.id}`, { id: node.id });
    nodeById.set(node.id, node);
  }
  const children = new Map<string, string[]>();
  const declaredWeights = new Map<string, number[]>();
  const parent = new Map<string, string>();
  for (const node of scheme.nodes) {
    const ids: string[] = [];
    const ws: number[] = [];
    const seen = new Set<string>();
    for (const c of node.children) {
      const id = childId(c);
      if (!indicatorById.has(id) && !nodeById.has(id))
        fail(
          'SCHEME_UNKNOWN_INDICATOR',
          `节点 ${node.id} 引用了未定义的指标或节点：${id}`,
          `node ${node.id} refers to unknown indicator or node: ${id}`,
          {
            node: node.id,
            child: id,
          },
        );
      if (seen.has(id))
        fail('SCHEME_DUPLICATE_ID', `节点 ${node.id} 重复列出 ${id}`, `node ${node.id} lists ${id} twice`, { node: node.id, child: id });
      seen.add(id);
      const prev = parent.get(id);
      if (prev !== undefined && prev !== node.id)
        fail('SCHEME_MULTIPLE_PARENTS', `${id} 同时属于 ${prev} 和 ${node.id}`, `${id} belongs to both ${prev} and ${node.id}`, {
          id,
          parents: [prev, node.id],
        });
      parent.set(id, node.id);
      ids.push(id);
      ws.push(typeof c === 'string' || c.weight === undefined ? NaN : c.weight);
    }
    children.set(node.id, ids);
    declaredWeights.set(node.id, ws);
  }
  if (!nodeById.has(scheme.root)) {
    if (indicatorById.has(scheme.root))
      fail('SCHEME_UNKNOWN_NODE', `根节点 ${scheme.root} 是指标而不是汇总节点`, `root ${scheme.root} is an indicator, not a node`, {
        root: scheme.root,
      });
    fail('SCHEME_UNKNOWN_NODE', `根节点 ${scheme.root} 未定义`, `root node ${scheme.root} is not defined`, { root: scheme.root });
  }

  // Cycle detection + bottom-up order (iterative DFS, colours: 0 new, 1 on stack, 2 done).
  const colour = new Map<string, number>();
  const order: string[] = [];
  const level = new Map<string, number>();
  for (const ind of scheme.indicators) level.set(ind.id, 1);
  const visit = (start: string) => {
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    colour.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const kids = children.get(top.id) ?? [];
      if (top.next < kids.length) {
        const k = kids[top.next++];
        if (!nodeById.has(k)) continue;
        const c = colour.get(k) ?? 0;
        if (c === 1) {
          const path = [...stack.slice(stack.findIndex((s) => s.id === k)).map((s) => s.id), k];
          fail('SCHEME_CYCLE', `方案结构存在循环：${path.join(' → ')}`, `the scheme tree has a cycle: ${path.join(' → ')}`, {
            cycle: path,
          });
        }
        if (c === 0) {
          colour.set(k, 1);
          stack.push({ id: k, next: 0 });
        }
      } else {
        colour.set(top.id, 2);
        let lv = 1;
        for (const k of kids) lv = Math.max(lv, (level.get(k) ?? 1) + 1);
        level.set(top.id, lv);
        order.push(top.id);
        stack.pop();
      }
    }
  };
  for (const node of scheme.nodes) if ((colour.get(node.id) ?? 0) === 0) visit(node.id);

  // Reachability from the root.
  const reach = new Set<string>();
  const todo = [scheme.root];
  while (todo.length) {
    const id = todo.pop()!;
    if (reach.has(id)) continue;
    reach.add(id);
    for (const k of children.get(id) ?? []) todo.push(k);
  }
  for (const id of [...indicatorById.keys(), ...nodeById.keys()])
    if (!reach.has(id))
      fail('SCHEME_UNREACHABLE', `${id} 不在以 ${scheme.root} 为根的指标树中`, `${id} is not under the root ${scheme.root}`, {
        id,
        root: scheme.root,
      });

  const plan: Plan = {
    scheme,
    indicators: scheme.indicators,
    indicatorById,
    nodeById,
    order,
    level,
    parent,
    children,
    declaredWeights,
    maxLevel: level.get(scheme.root) ?? 2,
  };
  for (const node of scheme.nodes) checkNodeWeights(plan, node);
  for (const ind of scheme.indicators) checkIndicator(plan, ind);
  checkGrades(scheme);
  return plan;
}

export function weightingOf(plan: Plan, nodeId: string): WeightingSpec {
  return plan.nodeById.get(nodeId)?.weighting ?? plan.scheme.weighting;
}

export function aggregationOf(plan: Plan, nodeId: string): AggregationSpec {
  const own = plan.nodeById.get(nodeId)?.aggregation;
  if (own) return own;
  const lv = String(plan.level.get(nodeId));
  return plan.scheme.aggregation.byLevel[lv] ?? plan.scheme.aggregation.default;
}

export function normalisationOf(plan: Plan, ind: IndicatorDef): NormaliseSpec {
  return ind.normalise ?? plan.scheme.normalise;
}

function checkNodeWeights(plan: Plan, node: NodeDef): void {
  const w = weightingOf(plan, node.id);
  const ws = plan.declaredWeights.get(node.id)!;
  if (w.method === 'ahp') {
    if (!w.matrix)
      fail('WEIGHTS_INVALID', `节点 ${node.id} 使用层次分析法但缺少判断矩阵`, `node ${node.id} uses AHP but has no pairwise matrix`, {
        node: node.id,
      });
    if (w.matrix.length !== ws.length)
      fail(
        'AHP_MATRIX_INVALID',
        `节点 ${node.id} 的判断矩阵阶数 ${w.matrix.length} 与下级数 ${ws.length} 不符`,
        `node ${node.id}: AHP matrix order ${w.matrix.length} ≠ ${ws.length} children`,
        {
          node: node.id,
        },
      );
    // consistency is a property of the scheme, so refuse an inconsistent matrix when parsing
    try {
      ahpWeights(w.matrix, { method: w.derive, ri: w.ri, maxCR: w.maxCR, force: w.force });
    } catch (e) {
      if (e instanceof AssessError)
        throw new AssessError(e.code, `节点 ${node.id}：${e.zh}`, `node ${node.id}: ${e.en}`, { ...e.details, node: node.id });
      throw e;
    }
    return;
  }
  if (w.method !== 'fixed') return;
  const agg = aggregationOf(plan, node.id);
  const given = ws.filter((v) => v === v);
  if (agg.method === 'sum' && given.length === 0) return; // plain sum needs no weights
  if (given.length === 0) return; // no weights declared at all → equal
  if (given.length !== ws.length)
    fail(
      'WEIGHTS_INVALID',
      `节点 ${node.id} 的下级权重须全部给出或全部省略`,
      `node ${node.id}: give a weight for every child or for none`,
      { node: node.id },
    );
  const { total, tolerance, relative } = plan.scheme.weights;
  const sum = given.reduce((a, b) => a + b, 0);
  if (!(sum > 0))
    fail('WEIGHTS_INVALID', `节点 ${node.id} 的权重之和必须大于 0`, `node ${node.id}: weights must sum to more than 0`, { node: node.id });
  if (!relative && Math.abs(sum - total) > tolerance * Math.max(1, total))
    fail(
      'WEIGHTS_NOT_SUMMING',
      `节点 ${node.id} 的权重之和为 ${round(sum)}，应为 ${total}`,
      `weights of node ${node.id} sum to ${round(sum)}, expected ${total}`,
      {
        node: node.id,
        sum,
        expected: total,
      },
    );
}

function round(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

function checkIndicator(plan: Plan, ind: IndicatorDef): void {
  if (ind.denominator !== undefined && !(ind.denominator in plan.scheme.denominators))
    fail(
      'SCHEME_UNKNOWN_INDICATOR',
      `指标 ${ind.id} 引用了未定义的分母 ${ind.denominator}`,
      `indicator ${ind.id} refers to unknown denominator ${ind.denominator}`,
      {
        indicator: ind.id,
        denominator: ind.denominator,
      },
    );
  const n = normalisationOf(plan, ind);
  if ((n.method === 'dist2targ' || n.method === 'targetRatio') && n.target === undefined && ind.target === undefined)
    fail(
      'SCHEME_INVALID',
      `指标 ${ind.id} 使用目标值法但未给出目标值`,
      `indicator ${ind.id} uses a target-based normalisation but has no target`,
      { indicator: ind.id },
    );
}

function checkGrades(scheme: Scheme): void {
  const grades = new Set<string>();
  const g = scheme.grading;
  if (g?.type === 'bands') {
    for (const b of g.bands) grades.add(b.grade);
    if (g.otherwise) grades.add(g.otherwise);
    for (const list of Object.values(g.bandsByGroup ?? {})) for (const b of list) grades.add(b.grade);
  } else if (g?.type === 'shares') {
    for (const s of g.shares) grades.add(s.grade);
  }
  for (const v of scheme.vetoes) {
    if (v.effect.type === 'capScore') continue;
    if (!g)
      fail('SCHEME_INVALID', `否决项 ${v.id} 作用于等级，但方案未定义评级`, `veto ${v.id} acts on grades but the scheme has no grading`, {
        veto: v.id,
      });
    if (!grades.has(v.effect.grade))
      fail(
        'SCHEME_INVALID',
        `否决项 ${v.id} 引用了未定义的等级 ${v.effect.grade}`,
        `veto ${v.id} refers to unknown grade ${v.effect.grade}`,
        { veto: v.id },
      );
  }
}
