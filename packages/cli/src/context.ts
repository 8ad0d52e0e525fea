/** Opens the configured database (PGlite folder or DATABASE_URL) and migrates it, for one command. */
import os from 'node:os';
import { loadConfig, migrate, migrateAsOwner, openStore, systemActor, type Actor, type Config, type Store } from '@gongfu/server';

export interface CommandContext {
  config: Config;
  store: Store;
  actor: Actor;
}

export async function withStore<T>(fn: (ctx: CommandContext) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  // a least-privilege setup migrates through the schema owner (the application role runs no DDL)
  if (options.migrate !== false && config.migrateUrl) await migrateAsOwner(config);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (options.migrate !== false && !config.migrateUrl) await migrate(store);
    // Until personal API tokens exist, the CLI acts as the local operator with full scope.
    return await fn({ config, store, actor: systemActor(`cli:${os.userInfo().username}`) });
  } finally {
    await store.close();
  }
}
