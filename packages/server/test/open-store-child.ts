// Run in a separate process by db.test.ts: tries to open a PGlite data folder and reports the outcome.
import { openStore } from '../src/db/store.js';

const dir = process.argv[2];
try {
  const store = await openStore({ dataDir: dir });
  console.log(JSON.stringify({ opened: true }));
  await store.close();
} catch (err) {
  console.log(JSON.stringify({ opened: false, code: (err as { code?: string }).code, message: (err as Error).message }));
}
