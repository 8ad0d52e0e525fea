/**
 * What-if scenarios: coverage before and after adding facilities and/or closing existing ones.
 * Both states are computed with analyzeAccess on the same network and residents (sharing one
 * edge index), and the change is reported per level, region and category, including the
 * full circle ("*"). Deterministic like analyzeAccess.
 */
import { analyzeAccess, type AccessReport, type AnalyzeOptions } from './coverage.js';
import { buildEdgeIndex } from './edge-index.js';
import { AccessError } from './errors.js';
import type { Facility, Resident } from './inputs.js';
import type { RoadNetwork } from './network.js';
import { DEFAULT_PRESET, type AccessPreset } from './presets.js';

export interface ScenarioChange {
  add?: Facility[];
  /** Ids of facilities to close. */
  close?: string[];
}

export interface CoverageDelta {
  level: string;
  region: string;
  /** Category id, or "*" for the full circle. */
  category: string;
  before: number;
  after: number;
  change: number;
}

export interface WhatIfResult {
  before: AccessReport;
  after: AccessReport;
  deltas: CoverageDelta[];
}

export function whatIf(
  net: RoadNetwork,
  facilities: readonly Facility[],
  residents: readonly Resident[],
  change: ScenarioChange,
  preset: AccessPreset = DEFAULT_PRESET,
  options: AnalyzeOptions = {},
): WhatIfResult {
  const ids = new Set(facilities.map((f) => f.id));
  const missing = (change.close ?? []).filter((id) => !ids.has(id));
  if (missing.length > 0) {
    throw new AccessError(
      'INVALID_INPUT',
      `要关闭的设施不存在：${missing.join(', ')}`,
      `Facilities to close do not exist: ${missing.join(', ')}`,
      {
        facilities: missing,
      },
    );
  }
  const clash = (change.add ?? []).filter((f) => ids.has(f.id)).map((f) => f.id);
  if (clash.length > 0) {
    throw new AccessError(
      'INVALID_INPUT',
      `新增设施编号与现有设施重复：${clash.join(', ')}`,
      `Added facility ids already exist: ${clash.join(', ')}`,
      {
        facilities: clash,
      },
    );
  }
  const opts = { ...options, index: options.index ?? buildEdgeIndex(net) };
  const closed = new Set(change.close ?? []);
  const afterFacilities = facilities.filter((f) => !closed.has(f.id)).concat(change.add ?? []);
  const before = analyzeAccess(net, facilities, residents, preset, opts);
  const after = analyzeAccess(net, afterFacilities, residents, preset, opts);
  const deltas: CoverageDelta[] = [];
  const r2 = (x: number) => Math.round(x * 100) / 100;
  before.levels.forEach((lb, li) => {
    const la = after.levels[li];
    const rowsB = [lb.total, ...lb.regions];
    const rowsA = [la.total, ...la.regions];
    rowsB.forEach((rb, ri) => {
      const ra = rowsA[ri];
      deltas.push({
        level: lb.id,
        region: rb.region,
        category: '*',
        before: rb.fullCirclePopulation,
        after: ra.fullCirclePopulation,
        change: r2(ra.fullCirclePopulation - rb.fullCirclePopulation),
      });
      rb.categories.forEach((cb, ci) => {
        const ca = ra.categories[ci];
        deltas.push({
          level: lb.id,
          region: rb.region,
          category: cb.category,
          before: cb.coveredPopulation,
          after: ca.coveredPopulation,
          change: r2(ca.coveredPopulation - cb.coveredPopulation),
        });
      });
    });
  });
  return { before, after, deltas };
}
