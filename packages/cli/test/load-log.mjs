/**
 * `node --import ./load-log.mjs`: records the URL of every module the program resolves, one a line,
 * in the file GONGFU_LOAD_LOG (used by startup.test.ts to see what `gongfu --help` loads).
 */
import { register } from 'node:module';

register('./load-log-hooks.mjs', import.meta.url, { data: { file: process.env.GONGFU_LOAD_LOG } });
