/**
 * 大综合一体化执法 at scale, engine only (first slice): (1) a 双随机 draw of 10,000 objects × 2
 * inspectors from 500 inspectors in 5 departments with recusal (town of residence, 2,000 listed
 * relations, last time's inspectors for every object), then its verification (a full re-run);
 * (2) the repeated-inspection scan over 1,000,000 inspections of 50,000 objects in memory.
 * Targets (issue 15): draw ≤ 1 s; the scan ≤ 2 s on PostgreSQL (the SQL path is not benched yet).
 * Run: npx tsx bench/enforcement.ts   (BENCH_OBJECTS, BENCH_INSPECTIONS to change the sizes)
 */
import { mulberry32 } from '../packages/engine/src/random.js';
import { repeatedInspections, runDraw, verifyDraw, type DrawInput, type InspectionFact } from '../packages/engine/src/enforce/index.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 10_000);
const INSPECTIONS = Number(process.env.BENCH_INSPECTIONS ?? 1_000_000);
const rand = mulberry32(15);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const TOWNS = Array.from({ length: 16 }, (_, k) => `3306030${String(k + 1).padStart(2, '0')}000`);
const DEPTS = ['市场监管', '生态环境', '应急管理', '消防', '综合执法'];
const RISKS = ['high', 'medium', 'low'];

const objects = Array.from({ length: OBJECTS }, (_, k) => ({ id: `o${k}`, stratum: pick(RISKS), town: pick(TOWNS) }));
const inspectors = Array.from({ length: 500 }, (_, k) => ({ id: `i${k}`, department: DEPTS[k % DEPTS.length]!, town: pick(TOWNS) }));
const conflicts = Array.from({ length: 2000 }, () => ({ inspectorId: pick(inspectors).id, objectId: pick(objects).id }));
const lastInspectors = Object.fromEntries(objects.map((o) => [o.id, [pick(inspectors).id, pick(inspectors).id]]));
const input: DrawInput = {
  objects,
  inspectors,
  rules: { ratios: { high: 1, medium: 1, low: 1 }, perObject: 2, departments: ['市场监管', '生态环境'], conflicts, lastInspectors },
  nonce: 'bench',
};

const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;
let t = performance.now();
const result = runDraw(input);
console.log(`draw: ${result.assignments.length} objects × 2 of 500 inspectors with recusal in ${ms(t)} (target ≤ 1 s)`);
t = performance.now();
const check = verifyDraw(input, result);
console.log(`verify (re-run and compare): ${check.ok ? 'same result' : 'DIFFERENT'} in ${ms(t)}`);

const base = Date.UTC(2026, 0, 1);
const facts: InspectionFact[] = Array.from({ length: INSPECTIONS }, (_, k) => ({
  id: String(k),
  objectId: `o${Math.floor(rand() * 50_000)}`,
  date: new Date(base + Math.floor(rand() * 365) * 86_400_000).toISOString().slice(0, 10),
  department: pick(DEPTS),
  jointPlanId: rand() < 0.1 ? `p${k}` : null,
}));
t = performance.now();
const alerts = repeatedInspections(facts);
console.log(
  `repeated-inspection scan: ${INSPECTIONS.toLocaleString('en')} inspections → ${alerts.length} alerts in ${ms(t)} (engine, in memory)`,
);
