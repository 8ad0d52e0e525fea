// Run in a separate process by db.test.ts: tries to open a PGlite data folder and reports the outcome.
import { openStore } from '../src/db/store.js';

const dir = process.argv[2];
// --hold-ms N keeps the folder open N ms, so that processes started together overlap.
const holdMs = process.argv[3] === '--hold-ms' ? Number(process.argv[4]) : 0;
try {
  const store = await openStore({ dataDir: dir });
  if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
  console.log(JSON.stringify({ opened: true }));
  await store.close();
} catch (err) {
  console.log(JSON.stringify({ opened: false, code: (err as { code?: string }).code, message: (err as Error).message }));
}
