/** Shared by the import tests: the options of a test import, and what the database holds. */
import { sql } from 'drizzle-orm';
import { one, type Db } from '../src/db/store.js';
import type { ImportOptions } from '../src/imports/service.js';

export const importOptions = (fileName: string, dryRun: boolean, extra: Partial<ImportOptions> = {}): ImportOptions => ({
  fileName,
  maxBytes: 5 * 1024 * 1024,
  dryRun,
  ...extra,
});

/** Observations and batches stored: equal before and after a failed import means nothing was written. */
export const storedCounts = (db: Db) =>
  one<{ observations: number; batches: number }>(
    db,
    sql`select (select count(*)::int from observation) as observations, (select count(*)::int from import_batch) as batches`,
  );
