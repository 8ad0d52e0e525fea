/** Runtime configuration from the environment; every setting has a safe default for a single machine. */
import path from 'node:path';

export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  dataDir: string;
  port: number;
  host: string;
  importMaxBytes: number;
  /** Folder with the built web app (packages/web/dist), served at `/`. */
  webDist?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.GONGFU_DATA || './data'),
    port: Number(env.PORT || env.GONGFU_PORT || 8080),
    host: env.GONGFU_HOST || '0.0.0.0',
    importMaxBytes: Math.round(Number(env.GONGFU_IMPORT_MAX_MB || 50) * 1024 * 1024),
    webDist: env.GONGFU_WEB_DIST || undefined,
  };
}
