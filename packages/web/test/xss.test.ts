/**
 * User text never becomes markup: every chart formatter whose result ECharts inserts as HTML (a
 * tooltip) escapes it, and no view writes HTML directly. The rule test fails when a new tooltip
 * formatter forgets `htmlTooltip`; the payload tests feed markup through the chart builders.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml, htmlTooltip } from '../src/utils/escape';
import { buildRegionMapOption } from '../src/charts/map';
import { buildAccessMapOption, type AccessMapInput } from '../src/charts/circles-map';

const PAYLOAD = '<img src=x onerror="fetch(\'/api/v1/auth/me\')">';
const src = fileURLToPath(new URL('../src', import.meta.url));
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));

/** Calls every tooltip formatter of an option on every data item of every series. */
function tooltipTexts(option: { tooltip?: { formatter?: unknown }; series: { name?: string; data?: unknown[] }[] }): string[] {
  const f = option.tooltip?.formatter;
  if (typeof f !== 'function') return [];
  return option.series.flatMap((s) =>
    (s.data ?? []).map((d) =>
      String(f({ data: d, name: (d as { name?: string })?.name ?? '', value: (d as { value?: unknown })?.value, seriesName: s.name })),
    ),
  );
}

describe('escaping user text', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(htmlTooltip((s: string) => s)(PAYLOAD)).not.toContain('<');
  });

  it('every formatter in the chart builders is a label (drawn on canvas) or an escaped tooltip', () => {
    /** The key of the object literal that holds position `at` (the nearest unclosed `{` before it). */
    const enclosingKey = (text: string, at: number) => {
      for (let i = at, depth = 0; i >= 0; i--) {
        if (text[i] === '}') depth++;
        else if (text[i] === '{' && depth-- === 0) return /(\w+)\s*:\s*$/.exec(text.slice(Math.max(0, i - 80), i))?.[1];
      }
      return undefined;
    };
    const offending: string[] = [];
    for (const file of files(path.join(src, 'charts')).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bformatter\s*:\s*/g)) {
        const canvasText = /label$/i.test(enclosingKey(text, m.index!) ?? '');
        const escaped = text.slice(m.index! + m[0].length).startsWith('htmlTooltip(');
        if (!canvasText && !escaped) offending.push(`${path.relative(src, file)}:${text.slice(0, m.index).split('\n').length}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('no view or component writes HTML directly', () => {
    const offending = files(src)
      .filter((f) => /\.(ts|vue)$/.test(f))
      .filter((f) => /v-html|innerHTML|dangerouslyUseHTMLString|insertAdjacentHTML/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(src, f));
    expect(offending).toEqual([]);
  });

  it('a region map tooltip shows a hostile region name and unit as text', () => {
    const option = buildRegionMapOption('m', [{ code: '330603003000', name: PAYLOAD, value: 5 }], { title: PAYLOAD, unit: PAYLOAD });
    const texts = tooltipTexts(option as never);
    expect(texts).toHaveLength(1);
    expect(texts[0]).not.toContain('<img');
    expect(texts[0]).toContain('&lt;img src=x onerror=&quot;');
  });

  it('a circle map tooltip shows hostile facility, category and label text as text', () => {
    const input: AccessMapInput = {
      mapName: 'm',
      bbox: [0, 0, 1, 1],
      roads: [],
      categories: [{ id: 'education', name: PAYLOAD }],
      facilities: [{ id: PAYLOAD, name: PAYLOAD, category: 'education', lon: 0.5, lat: 0.5, closed: true }],
      residents: [],
      residentStates: null,
      isochrones: [],
      blindSpots: [],
      sites: [],
      added: [{ lon: 0.2, lat: 0.2, name: PAYLOAD }],
      pending: { lon: 0.3, lat: 0.3 },
      selectedFacility: null,
      view: null,
      labels: {
        roads: 'r',
        covered: 'c',
        uncovered: 'u',
        synthetic: null,
        isochrone: () => 'i',
        blindSpots: 'b',
        sites: 's',
        added: PAYLOAD,
        pending: PAYLOAD,
        closed: PAYLOAD,
        population: 'p',
      },
    };
    const texts = tooltipTexts(buildAccessMapOption(input) as never).filter(Boolean);
    expect(texts.length).toBeGreaterThanOrEqual(2);
    for (const t of texts) expect(t).not.toMatch(/<img/);
    expect(texts.some((t) => t.includes('&lt;img'))).toBe(true);
  });
});
