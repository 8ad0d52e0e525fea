/**
 * `gongfu doctor`: what an IT office checks before and after going live — Node, the data folder
 * (writable, its lock, free disk), the database (reachable, migrations current, PostgreSQL 15+ with
 * durable settings), Chromium for the tests, the time zone data, the audit chain and its latest
 * checkpoint. Each check says what is wrong and what to do; `fail` makes the command exit non-zero.
 * Production advisories that a laptop demo need not follow are `info`, so the demo's report is clean.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { checkAgainstCheckpoint, loadPublicKey, parseSinks, readCheckpointFile } from '../audit/checkpoint.js';
import { verifyAudit } from '../audit/service.js';
import type { Config } from '../config.js';
import { acquireDataDirLock } from '../db/lock.js';
import { appliedMigrations, listMigrations } from '../db/migrate.js';
import { DEFAULT_MIN_FREE_BYTES } from '../db/disk-guard.js';
import { one, openStore, rows, type Store } from '../db/store.js';

export type CheckLevel = 'ok' | 'info' | 'warn' | 'fail';

export interface Check {
  id: string;
  level: CheckLevel;
  zh: string;
  en: string;
  /** what to do about a warn or fail */
  fix?: { zh: string; en: string };
}

const check = (id: string, level: CheckLevel, zh: string, en: string, fix?: Check['fix']): Check => ({
  id,
  level,
  zh,
  en,
  ...(fix ? { fix } : {}),
});
const mb = (bytes: number) => `${Math.floor(bytes / 1048576)} MB`;

/** At least `major.minor` (package.json engines: >=20.19). */
export function checkNode(version: string, required: string): Check {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = required.replace(/^>=/, '').split('.').map(Number);
  return major > needMajor || (major === needMajor && minor >= needMinor)
    ? check('node', 'ok', `Node.js ${version}`, `Node.js ${version}`)
    : check('node', 'fail', `Node.js ${version} 不满足 ${required}`, `Node.js ${version} does not satisfy ${required}`, {
        zh: `安装 Node.js 20.19 或更高版本`,
        en: `install Node.js 20.19 or later`,
      });
}

/** The PGlite folder: creatable and writable, with free space above the write reserve (and a margin). */
export function checkDataDir(dataDir: string, minFreeBytes = DEFAULT_MIN_FREE_BYTES): Check[] {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.doctor-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
  } catch (e) {
    return [
      check(
        'data-dir',
        'fail',
        `数据目录 ${dataDir} 不可写：${(e as Error).message}`,
        `Data folder ${dataDir} is not writable: ${(e as Error).message}`,
        {
          zh: '设置 GONGFU_DATA 为服务账号可写的目录',
          en: 'set GONGFU_DATA to a folder the service account can write',
        },
      ),
    ];
  }
  const s = fs.statfsSync(dataDir);
  const free = s.bavail * s.bsize;
  const disk =
    free < minFreeBytes
      ? check(
          'disk',
          'fail',
          `磁盘剩余 ${mb(free)}，低于写入保留 ${mb(minFreeBytes)}：写入会被拒绝`,
          `${mb(free)} free, below the ${mb(minFreeBytes)} write reserve: writes are refused`,
          {
            zh: '清理磁盘或扩容',
            en: 'free or add disk space',
          },
        )
      : free < minFreeBytes * 16
        ? check(
            'disk',
            'warn',
            `磁盘剩余 ${mb(free)}，接近写入保留 ${mb(minFreeBytes)}`,
            `${mb(free)} free, close to the ${mb(minFreeBytes)} write reserve`,
            {
              zh: '尽快清理磁盘或扩容',
              en: 'free or add disk space soon',
            },
          )
        : check('disk', 'ok', `磁盘剩余 ${mb(free)}`, `${mb(free)} free`);
  return [check('data-dir', 'ok', `数据目录 ${dataDir} 可写`, `Data folder ${dataDir} is writable`), disk];
}

export function checkChromium(file: string): Check {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return check('chromium', 'ok', `浏览器测试用 Chromium：${file}`, `Chromium for the browser tests: ${file}`);
  } catch {
    return check(
      'chromium',
      'info',
      `未找到 Chromium（${file}），仅运行浏览器测试时需要`,
      `No Chromium at ${file}; needed only for the browser tests`,
      {
        zh: 'apt-get install -y chromium（或设置 GONGFU_CHROMIUM）',
        en: 'apt-get install -y chromium (or set GONGFU_CHROMIUM)',
      },
    );
  }
}

/**
 * The key that encrypts households' personal data (rural/crypto.ts): from GONGFU_PII_KEY, or else a
 * key file the server created in the data folder — then every copy of the folder carries the key
 * with the data it protects, which a production installation must not do.
 */
export function checkPiiKey(env: NodeJS.ProcessEnv, dataDir: string): Check {
  const fix = {
    zh: '生成 32 字节密钥（openssl rand -base64 32），经密钥管理设为 GONGFU_PII_KEY，且不与数据目录一同备份',
    en: 'make a 32-byte key (openssl rand -base64 32), set it as GONGFU_PII_KEY from your secret store, and keep it out of data-folder backups',
  };
  const fromEnv = env.GONGFU_PII_KEY?.trim();
  if (fromEnv) {
    const key = /^[0-9a-fA-F]{64}$/.test(fromEnv) ? Buffer.from(fromEnv, 'hex') : Buffer.from(fromEnv, 'base64');
    return key.length === 32
      ? check('pii-key', 'ok', '个人信息加密密钥来自 GONGFU_PII_KEY', 'The personal-data key comes from GONGFU_PII_KEY')
      : check(
          'pii-key',
          'fail',
          'GONGFU_PII_KEY 无效（需 32 字节，base64 或 64 位十六进制）',
          'GONGFU_PII_KEY is invalid (32 bytes, base64 or 64 hex digits)',
          fix,
        );
  }
  const file = path.join(dataDir, 'pii.key');
  return fs.existsSync(file)
    ? check(
        'pii-key',
        'warn',
        `未设置 GONGFU_PII_KEY：低收入农户个人信息的密钥保存在数据目录（${file}），数据目录的备份会连同密钥一起带走`,
        `GONGFU_PII_KEY is not set: the key of households' personal data is in the data folder (${file}), so a copy of the folder carries the key`,
        fix,
      )
    : check(
        'pii-key',
        'info',
        '未设置 GONGFU_PII_KEY：首次导入农户信息时将在数据目录生成密钥（仅适合试用）',
        'GONGFU_PII_KEY is not set: a key file will be made in the data folder at the first household import (fit for a trial only)',
        fix,
      );
}

/** Times are shown in Asia/Shanghai whatever the machine's zone: the ICU data must know it. */
export function checkTimeZone(zone = 'Asia/Shanghai', utcOffsetHours = 8): Check {
  try {
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(
      new Date('2026-01-01T00:00:00Z'),
    );
    if (Number(hour) !== utcOffsetHours) throw new Error(`${zone}: UTC midnight is ${hour} h, not ${utcOffsetHours} h`);
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return check(
      'timezone',
      'ok',
      `时区数据正常（界面按北京时间显示；本机时区 ${local}）`,
      `Time zone data fine (shown in Asia/Shanghai; this machine: ${local})`,
    );
  } catch (e) {
    return check('timezone', 'fail', `时区数据缺失：${(e as Error).message}`, `Time zone data missing: ${(e as Error).message}`, {
      zh: '使用带完整 ICU 的 Node.js 官方版本',
      en: 'use an official Node.js build (full ICU)',
    });
  }
}

/** PostgreSQL settings that decide whether a committed write survives a crash. */
export function checkPostgresSettings(s: { version: number; fsync: string; synchronousCommit: string; fullPageWrites: string }): Check[] {
  const out: Check[] = [];
  out.push(
    s.version >= 150000
      ? check('pg-version', 'ok', `PostgreSQL ${Math.floor(s.version / 10000)}`, `PostgreSQL ${Math.floor(s.version / 10000)}`)
      : check(
          'pg-version',
          'fail',
          `PostgreSQL 版本 ${Math.floor(s.version / 10000)} 低于 15`,
          `PostgreSQL ${Math.floor(s.version / 10000)} is older than 15`,
          {
            zh: '升级到 PostgreSQL 15 或更高版本',
            en: 'upgrade to PostgreSQL 15 or later',
          },
        ),
  );
  const unsafe = [
    s.fsync !== 'on' ? 'fsync' : null,
    s.fullPageWrites !== 'on' ? 'full_page_writes' : null,
    s.synchronousCommit === 'off' ? 'synchronous_commit' : null,
  ].filter((x): x is string => x !== null);
  out.push(
    unsafe.length
      ? check(
          'pg-durable',
          'warn',
          `PostgreSQL 关闭了 ${unsafe.join('、')}：断电或崩溃可能丢失已确认的写入`,
          `PostgreSQL has ${unsafe.join(', ')} off: a crash may lose acknowledged writes`,
          {
            zh: `在 postgresql.conf 中恢复 ${unsafe.map((u) => `${u} = on`).join('、')} 并重新加载`,
            en: `set ${unsafe.map((u) => `${u} = on`).join(', ')} in postgresql.conf and reload`,
          },
        )
      : check(
          'pg-durable',
          'ok',
          'PostgreSQL 持久化设置正常（fsync、full_page_writes、synchronous_commit）',
          'PostgreSQL durability settings are on (fsync, full_page_writes, synchronous_commit)',
        ),
  );
  return out;
}

export async function checkMigrations(store: Store): Promise<Check> {
  const files = listMigrations();
  // read only: a database that has never been migrated has no bookkeeping table yet
  const table = (await rows<{ t: string | null }>(store.db, sql`select to_regclass('schema_migration')::text as t`))[0]?.t;
  const applied = table ? await appliedMigrations(store) : new Map<string, string>();
  const pending = files.filter((f) => !applied.has(f.version));
  const changed = files.filter((f) => applied.has(f.version) && applied.get(f.version) !== f.checksum);
  if (changed.length)
    return check(
      'migrations',
      'fail',
      `已执行的迁移被修改：${changed.map((m) => m.version).join(', ')}`,
      `Applied migrations were edited: ${changed.map((m) => m.version).join(', ')}`,
      {
        zh: '恢复这些迁移文件的原始内容（迁移只能新增，不能修改）',
        en: 'restore those files as they were (add a new migration instead)',
      },
    );
  if (pending.length)
    return check(
      'migrations',
      'warn',
      `有 ${pending.length} 个迁移未执行（${pending.at(-1)!.version} 等）`,
      `${pending.length} migrations not applied yet (up to ${pending.at(-1)!.version})`,
      {
        zh: '运行 gongfu db migrate（gongfu serve 启动时也会执行）',
        en: 'run gongfu db migrate (gongfu serve also runs them at start)',
      },
    );
  return check('migrations', 'ok', `数据库结构为最新（${files.length} 个迁移）`, `Schema up to date (${files.length} migrations)`);
}

export async function checkAudit(
  store: Store,
  config: Pick<Config, 'auditKeyFile' | 'auditCheckpoints' | 'auditCheckpointIntervalMs'>,
  now = Date.now(),
): Promise<Check[]> {
  const report = await verifyAudit(store.db);
  const chain = report.ok
    ? check('audit-chain', 'ok', `审计日志哈希链完整（${report.count} 条）`, `Audit hash chain intact (${report.count} entries)`)
    : check(
        'audit-chain',
        'fail',
        `审计日志哈希链有 ${report.problems.length} 处问题（首处 #${report.problems[0]?.seq}）`,
        `Audit hash chain has ${report.problems.length} problems (first at #${report.problems[0]?.seq})`,
        {
          zh: '运行 gongfu audit verify 查看详情，按 docs/security.md 处置',
          en: 'run gongfu audit verify for details; follow docs/security.md',
        },
      );
  const file = parseSinks(config.auditCheckpoints).find((s) => s.kind === 'file')?.path;
  if (!config.auditKeyFile || !file)
    return [
      chain,
      check(
        'audit-checkpoint',
        'info',
        '未配置审计检查点（生产环境建议配置，防止数据库管理员篡改）',
        'No audit checkpoints configured (recommended in production, against tampering by the database owner)',
        {
          zh: '设置 GONGFU_AUDIT_KEY 和 GONGFU_AUDIT_CHECKPOINTS（见 docs/security.md）',
          en: 'set GONGFU_AUDIT_KEY and GONGFU_AUDIT_CHECKPOINTS (docs/security.md)',
        },
      ),
    ];
  const latest = fs.existsSync(file) ? readCheckpointFile(file).at(-1) : undefined;
  if (!latest)
    return [
      chain,
      check('audit-checkpoint', 'warn', `检查点文件 ${file} 中还没有检查点`, `No checkpoint in ${file} yet`, {
        zh: '运行 gongfu audit checkpoint，或启动服务等待定时写入',
        en: 'run gongfu audit checkpoint, or let the server write one',
      }),
    ];
  const problems = await checkAgainstCheckpoint(store.db, latest, loadPublicKey(config.auditKeyFile));
  if (problems.length)
    return [
      chain,
      check(
        'audit-checkpoint',
        'fail',
        `审计日志与 ${latest.at} 的检查点不一致：${problems[0].problem}`,
        `The audit log disagrees with the checkpoint of ${latest.at}: ${problems[0].problem}`,
        {
          zh: '审计日志可能被篡改：运行 gongfu audit verify，按 docs/security.md 处置',
          en: 'the log may have been tampered with: run gongfu audit verify; follow docs/security.md',
        },
      ),
    ];
  const ageMs = now - Date.parse(latest.at);
  return [
    chain,
    ageMs > 3 * config.auditCheckpointIntervalMs
      ? check(
          'audit-checkpoint',
          'warn',
          `最新检查点已是 ${Math.round(ageMs / 60000)} 分钟前`,
          `The latest checkpoint is ${Math.round(ageMs / 60000)} minutes old`,
          {
            zh: '检查服务是否在运行、检查点目的地是否可写',
            en: 'check that the server runs and the checkpoint destinations are writable',
          },
        )
      : check(
          'audit-checkpoint',
          'ok',
          `与 ${latest.at} 的检查点一致（第 ${latest.seq} 条）`,
          `Matches the checkpoint of ${latest.at} (entry ${latest.seq})`,
        ),
  ];
}

async function postgresSettings(store: Store) {
  const get = async (name: string) => (await one<{ v: string }>(store.db, sql`select current_setting(${name}) as v`))!.v;
  return {
    version: Number(await get('server_version_num')),
    fsync: await get('fsync'),
    synchronousCommit: await get('synchronous_commit'),
    fullPageWrites: await get('full_page_writes'),
  };
}

export interface DoctorOptions {
  config: Config;
  /** the environment (GONGFU_PII_KEY); process.env by default */
  env?: NodeJS.ProcessEnv;
  nodeVersion?: string;
  chromium?: string;
  minFreeBytes?: number;
}

/** Every check, in the order an operator fixes them. */
export async function runDoctor(o: DoctorOptions): Promise<Check[]> {
  const { config } = o;
  const out: Check[] = [
    checkNode(o.nodeVersion ?? process.version, '>=20.19'),
    checkTimeZone(),
    checkPiiKey(o.env ?? process.env, config.dataDir),
  ];
  if (!config.databaseUrl) {
    out.push(...checkDataDir(config.dataDir, o.minFreeBytes));
    if (out.some((c) => c.id === 'data-dir' && c.level === 'fail')) return [...out, checkChromium(o.chromium ?? '/usr/bin/chromium')];
    try {
      const release = await acquireDataDirLock(config.dataDir);
      release();
      out.push(check('data-lock', 'ok', '数据目录未被占用', 'The data folder is not in use'));
    } catch (e) {
      out.push(
        check(
          'data-lock',
          'info',
          `数据目录正被运行中的服务使用（${(e as Error).message}），数据库检查已跳过`,
          `The data folder is in use by a running server (${(e as Error).message}); database checks skipped`,
          {
            zh: '停止服务后再运行 gongfu doctor，或在生产中使用 PostgreSQL（DATABASE_URL）',
            en: 'stop the server and run gongfu doctor again, or use PostgreSQL (DATABASE_URL) in production',
          },
        ),
      );
      return [...out, checkChromium(o.chromium ?? '/usr/bin/chromium')];
    }
  }
  let store: Store;
  try {
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (e) {
    out.push(
      check('database', 'fail', `无法连接数据库：${(e as Error).message}`, `Cannot open the database: ${(e as Error).message}`, {
        zh: '检查 DATABASE_URL、数据库服务是否运行、网络与口令',
        en: 'check DATABASE_URL, that the database runs, the network and the password',
      }),
    );
    return [...out, checkChromium(o.chromium ?? '/usr/bin/chromium')];
  }
  try {
    out.push(
      check(
        'database',
        'ok',
        `数据库：${store.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${store.location}`,
        `Database: ${store.kind} ${store.location}`,
      ),
    );
    if (store.kind === 'postgres') out.push(...checkPostgresSettings(await postgresSettings(store)));
    const migrations = await checkMigrations(store);
    out.push(migrations);
    const hasAudit = (await rows<{ t: string }>(store.db, sql`select to_regclass('audit_log')::text as t`))[0]?.t;
    if (hasAudit) out.push(...(await checkAudit(store, config)));
  } finally {
    await store.close();
  }
  if (!config.databaseUrl)
    out.push(
      check(
        'production-db',
        'info',
        '使用内置 PGlite 数据库（适合单机和演示；区县生产环境建议 PostgreSQL）',
        'Embedded PGlite database (fine for one machine and demos; use PostgreSQL for a county in production)',
      ),
    );
  if (!config.secureCookies)
    out.push(
      check(
        'secure-cookies',
        'info',
        '会话 Cookie 未标记 Secure（通过 HTTPS 反向代理提供服务时请设置 GONGFU_SECURE_COOKIES=1）',
        'Session cookie not marked Secure (set GONGFU_SECURE_COOKIES=1 when served over HTTPS)',
      ),
    );
  out.push(checkChromium(o.chromium ?? '/usr/bin/chromium'));
  return out;
}
