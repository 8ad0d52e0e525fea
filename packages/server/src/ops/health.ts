/** Whether the database answers a trivial query within `timeoutMs` (for /health: 503 while it does not). */
import { sql } from 'drizzle-orm';
import type { Store } from '../db/store.js';

export async function databaseAnswers(store: Store, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      store.db.execute(sql`select 1`).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
