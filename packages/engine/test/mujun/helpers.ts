import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRESETS } from '@gongfu/engine/assess';

const presetDir = fileURLToPath(new URL('../../src/assess/', import.meta.url));

/** A bundled preset's JSON by id. */
export const loadPreset = (id: string): Record<string, unknown> =>
  JSON.parse(readFileSync(presetDir + PRESETS.find((p) => p.id === id)!.file, 'utf8'));

/** Columns from rows; the veto columns (safety_accident, env_violation) default to 0 (no veto). */
export const cols = (rows: Record<string, number>[]): Record<string, Float64Array> => ({
  safety_accident: new Float64Array(rows.length),
  env_violation: new Float64Array(rows.length),
  ...Object.fromEntries(Object.keys(rows[0]).map((k) => [k, Float64Array.from(rows, (r) => r[k])])),
});
