/** Runtime configuration from the environment; every setting has a safe default for a single machine. */
import path from 'node:path';
import { parseSettingsFrom, type ParseSettings } from './tables/parse-pool.js';

export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  dataDir: string;
  port: number;
  host: string;
  importMaxBytes: number;
  /** how many uploads are read at once, how many may wait, and each parser's memory cap (tables/parse-pool.ts) */
  importParsing?: ParseSettings;
  /** Folder with the built web app (packages/web/dist), served at `/`. */
  webDist?: string;
  /** a session ends after this long without requests */
  sessionIdleMs: number;
  /** and at the latest this long after login */
  sessionMaxAgeMs: number;
  /** mark the session cookie Secure (set when served over HTTPS) */
  secureCookies: boolean;
  /** audit checkpoints: the Ed25519 private key file (outside the data folder) and where checkpoints go */
  auditKeyFile?: string;
  auditCheckpoints?: string;
  auditCheckpointIntervalMs: number;
  /** a password older than this must be changed at the next login (0: never) */
  passwordMaxAgeDays: number;
  /** a successful write whose declared audit row is missing becomes a 500 AUDIT_MISSING (on in tests); otherwise it is logged */
  strictAudit: boolean;
  /** GONGFU_ADMIN_2FA=required: users who manage users must set up a TOTP second factor */
  secondFactorForAdmins: 'required' | 'optional';
  /** GONGFU_METRICS_TOKEN: `/metrics` answers `Authorization: Bearer <token>`; off (404) when unset */
  metricsToken?: string;
  /** GONGFU_MIGRATE_URL: the schema owner's connection, used for migrations (DATABASE_URL is then the least-privileged application role) */
  migrateUrl?: string;
  /** GONGFU_APP_ROLE: after migrating, grant this PostgreSQL role the application's rights (docs/operations.md) */
  appRole?: string;
  /** GONGFU_TRUST_PROXY: addresses or CIDRs (comma-separated) of the reverse proxy whose X-Forwarded-For is believed */
  trustProxy?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.GONGFU_DATA || './data'),
    port: Number(env.PORT || env.GONGFU_PORT || 8080),
    host: env.GONGFU_HOST || '127.0.0.1',
    importMaxBytes: Math.round(Number(env.GONGFU_IMPORT_MAX_MB || 50) * 1024 * 1024),
    importParsing: parseSettingsFrom(env),
    webDist: env.GONGFU_WEB_DIST || undefined,
    sessionIdleMs: Number(env.GONGFU_SESSION_IDLE_MIN || 30) * 60_000,
    sessionMaxAgeMs: Number(env.GONGFU_SESSION_MAX_HOURS || 12) * 3600_000,
    secureCookies: env.GONGFU_SECURE_COOKIES === '1',
    auditKeyFile: env.GONGFU_AUDIT_KEY || undefined,
    auditCheckpoints: env.GONGFU_AUDIT_CHECKPOINTS || undefined,
    auditCheckpointIntervalMs: Number(env.GONGFU_AUDIT_CHECKPOINT_MIN || 5) * 60_000,
    passwordMaxAgeDays: Number(env.GONGFU_PASSWORD_MAX_DAYS ?? 90),
    strictAudit: env.GONGFU_STRICT_AUDIT === '1',
    secondFactorForAdmins: env.GONGFU_ADMIN_2FA === 'required' ? 'required' : 'optional',
    metricsToken: env.GONGFU_METRICS_TOKEN || undefined,
    migrateUrl: env.GONGFU_MIGRATE_URL || undefined,
    appRole: env.GONGFU_APP_ROLE || undefined,
    trustProxy: env.GONGFU_TRUST_PROXY || undefined,
  };
}
