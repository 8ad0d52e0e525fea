/**
 * All demo content, module by module in module-list order (the Keqiao regions and figures first,
 * then the modules that build on them). Used by `gongfu demo` and `gongfu serve --demo`.
 */
import type { Db } from '../db/store.js';
import type { DemoOptions } from '../module.js';
import { MODULES } from '../modules.js';

export interface DemoStep {
  module: string;
  label: { zh: string; en: string };
  lines: string[];
}

export async function loadDemos(
  db: Db,
  options: Omit<DemoOptions, 'onStep'> & { onStep?: (module: string, index: number, total: number, label?: string) => void } = {},
): Promise<DemoStep[]> {
  const demos = MODULES.flatMap((m) => (m.demo ? [{ id: m.id, demo: m.demo }] : []));
  const out: DemoStep[] = [];
  for (const [index, { id, demo }] of demos.entries()) {
    options.onStep?.(id, index, demos.length);
    const lines = await demo.load(db, {
      actor: options.actor,
      today: options.today,
      onStep: (label) => options.onStep?.(id, index, demos.length, label),
    });
    out.push({ module: id, label: demo.label, lines });
  }
  return out;
}
