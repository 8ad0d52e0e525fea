/** Every rule of a scheme has a name on screen: scorecards and reports show 发生较大及以上安全生产事故, never major_accident. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '@gongfu/engine/assess';
import { schemeLabels } from '../src/assess/tables.js';

const presetJson = (file: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../engine/src/assess/${file}`, import.meta.url)), 'utf8')) as {
    vetoes?: { id: string }[];
    adjustments?: { id: string }[];
  };

describe('scheme labels', () => {
  for (const p of PRESETS) {
    it(`names every veto and adjustment of ${p.id} in both languages`, () => {
      const d = presetJson(p.file);
      const labels = schemeLabels(d);
      for (const r of [...(d.vetoes ?? []), ...(d.adjustments ?? [])]) {
        expect(labels[r.id], r.id).toBeDefined();
        expect(labels[r.id].zh).not.toBe(r.id);
        expect(labels[r.id].en).not.toBe(r.id);
      }
    });
  }
  it('names major_accident of the Keqiao scheme', () => {
    expect(schemeLabels(presetJson('presets/keqiao-towns-annual.json')).major_accident.zh).toContain('安全生产事故');
  });
});
