import { buildApp, demoLoaded, ensureAdmin, loadAssessDemo, loadConfig, loadDemo, migrate, openStore } from '@gongfu/server';
import { loadCirclesDemo } from '@gongfu/server/circles/index';
import { printOneTimePassword } from '../output.js';

/**
 * Runs the API and web app until SIGINT/SIGTERM, then stops accepting requests, lets running ones
 * finish, checkpoints and closes the database.
 */
export async function serve(options: { port?: string; host?: string; demo?: boolean }): Promise<void> {
  const config = loadConfig();
  if (options.port) config.port = Number(options.port);
  if (options.host) config.host = options.host;
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: 正在停止… / stopping…`);
    try {
      await app?.close();
    } finally {
      await store.close();
      console.log('数据库已安全关闭 / database closed cleanly');
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    const applied = await migrate(store);
    if (applied.length) console.log(`迁移 / migrations applied: ${applied.join(', ')}`);
    const admin = await ensureAdmin(store.db);
    if (admin) printOneTimePassword(admin.username, admin.password, true);
    if (options.demo) {
      if (!(await demoLoaded(store.db))) {
        console.log('正在加载柯桥演示数据… / loading the Keqiao demo…');
        const report = await loadDemo(store.db);
        console.log(`  ${report.regions} regions, ${report.sourced.inserted} sourced values, ${report.synthetic.inserted} synthetic values (labelled synthetic)`);
        const assess = await loadAssessDemo(store.db);
        console.log(`  ${assess.schemes.length} illustrative assessment schemes, ${assess.runs.length} runs on synthetic data`);
        const access = await loadCirclesDemo(store.db, {});
        console.log(`  ${access.length} accessibility demos on OpenStreetMap extracts (Monaco, Helsinki; residents synthetic)`);
      }
    }
    app = await buildApp({ store, config, logger: process.env.GONGFU_LOG === '1' });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close().catch(() => undefined);
    await store.close();
    throw err;
  }
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`共富 Gongfu 已启动 / running: http://${shown}:${config.port}/  (API docs: http://${shown}:${config.port}/api/docs)`);
  console.log(`数据库 / database: ${store.kind} ${store.location}`);
}
