import {
  migrateAsOwner,
  buildApp,
  demoLoaded,
  ensureAdmin,
  loadConfig,
  loadDemos,
  loadPrivateKey,
  migrate,
  openStore,
  parseSinks,
  startCheckpointSweep,
} from '@gongfu/server';
import { printOneTimePassword } from '../output.js';

/**
 * Runs the API and web app until SIGINT/SIGTERM, then stops accepting requests, lets running ones
 * finish, checkpoints and closes the database.
 */
export async function serve(options: { port?: string; host?: string; demo?: boolean }): Promise<void> {
  const config = loadConfig();
  if (options.port) config.port = Number(options.port);
  if (options.host) config.host = options.host;
  // with a separate schema owner, migrations (and the application role's grants) go through it first
  if (config.migrateUrl) {
    const { applied, grantedTables } = await migrateAsOwner(config);
    if (applied.length) console.log(`迁移 / migrations applied (owner): ${applied.join(', ')}`);
    if (grantedTables !== null) console.log(`已授权应用角色 / application role granted (${grantedTables} tables)`);
  }
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let checkpoints: ReturnType<typeof startCheckpointSweep> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: 正在停止… / stopping…`);
    try {
      await app?.close();
      await checkpoints?.stop();
    } finally {
      await store.close();
      console.log('数据库已安全关闭 / database closed cleanly');
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    // the application role of a least-privilege setup cannot run DDL: the owner has migrated above
    const applied = config.migrateUrl ? [] : await migrate(store);
    if (applied.length) console.log(`迁移 / migrations applied: ${applied.join(', ')}`);
    const admin = await ensureAdmin(store.db);
    if (admin) printOneTimePassword(admin.username, admin.password, true);
    if (options.demo) {
      if (!(await demoLoaded(store.db))) {
        console.log('正在加载演示数据… / loading the demo…');
        for (const step of await loadDemos(store.db)) {
          console.log(`  ${step.label.zh} / ${step.label.en}`);
          for (const line of step.lines) console.log(`    ${line}`);
        }
      }
    }
    app = await buildApp({ store, config, logger: process.env.GONGFU_LOG === '1' });
    await app.listen({ port: config.port, host: config.host });
    if (config.auditKeyFile && config.auditCheckpoints) {
      // signed checkpoints of the audit chain, outside the database (docs/security.md)
      checkpoints = startCheckpointSweep(store.db, {
        privateKey: loadPrivateKey(config.auditKeyFile),
        sinks: parseSinks(config.auditCheckpoints),
        intervalMs: config.auditCheckpointIntervalMs,
        onError: (err) => console.error(`审计检查点写入失败 / audit checkpoint failed: ${(err as Error).message}`),
      });
    }
  } catch (err) {
    await app?.close().catch(() => undefined);
    await store.close();
    throw err;
  }
  const shown = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  console.log(`共富 Gongfu 已启动 / running: http://${shown}:${config.port}/  (API docs: http://${shown}:${config.port}/api/docs)`);
  console.log(`数据库 / database: ${store.kind} ${store.location}`);
}
