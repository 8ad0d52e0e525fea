/**
 * Bounded parsing of uploaded tables (issue 20, memory denial of service). Reading a workbook is
 * the one step of an import whose memory a file decides, so every upload is read:
 * - by at most `concurrency` parsers at once, with at most `queue` more waiting; beyond that the
 *   upload is refused at once with 429 `IMPORT_BUSY` and `Retry-After`, before any parsing;
 * - in a worker thread whose V8 heap is capped (`memoryMb`, `resourceLimits.maxOldGenerationSizeMb`):
 *   a file that needs more is refused with 413 `FILE_TOO_COMPLEX` and only that worker dies — the
 *   server, its other requests and the other parsers go on. Workers are kept for the next file and
 *   replaced when one dies.
 * Settings: GONGFU_IMPORT_CONCURRENCY (2), GONGFU_IMPORT_QUEUE (8), GONGFU_IMPORT_WORKER_MB (768);
 * GONGFU_IMPORT_WORKER=0 parses in the server's own thread (still queued).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';

export interface ParseSettings {
  concurrency: number;
  queue: number;
  /** heap cap of one parser in MB */
  memoryMb: number;
  /** false: parse in this thread (no memory cap) */
  worker: boolean;
  retryAfterSeconds: number;
}

export const DEFAULT_PARSING: ParseSettings = { concurrency: 2, queue: 8, memoryMb: 768, worker: true, retryAfterSeconds: 5 };

export function parseSettingsFrom(env: NodeJS.ProcessEnv): ParseSettings {
  const n = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : d);
  return {
    concurrency: Math.max(1, n(env.GONGFU_IMPORT_CONCURRENCY, DEFAULT_PARSING.concurrency)),
    queue: n(env.GONGFU_IMPORT_QUEUE, DEFAULT_PARSING.queue),
    memoryMb: Math.max(32, n(env.GONGFU_IMPORT_WORKER_MB, DEFAULT_PARSING.memoryMb)),
    worker: env.GONGFU_IMPORT_WORKER !== '0',
    retryAfterSeconds: DEFAULT_PARSING.retryAfterSeconds,
  };
}

let settings: ParseSettings = { ...DEFAULT_PARSING };
let active = 0;
const waiting: (() => void)[] = [];
const idle: Worker[] = [];

/** Replaces the settings (buildApp does, from its config); idle workers of the old settings end. */
export function configureParsing(next: ParseSettings): void {
  settings = { ...next };
  for (const w of idle.splice(0)) void w.terminate();
}

/** Ends the idle parser workers (on server close); busy ones end with their file. */
export async function closeParsers(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}

/** How many parsers are busy and how many uploads wait (for tests and /metrics). */
export const parseLoad = () => ({ active, waiting: waiting.length, idleWorkers: idle.length });

const busy = () =>
  new AppError(
    'IMPORT_BUSY',
    429,
    {
      zh: `正在读取的文件较多（同时 ${settings.concurrency} 个，排队 ${settings.queue} 个已满），请 ${settings.retryAfterSeconds} 秒后重试`,
      en: `Too many files are being read (${settings.concurrency} at once, ${settings.queue} waiting); try again in ${settings.retryAfterSeconds} s`,
    },
    { retryAfterSeconds: settings.retryAfterSeconds, concurrency: settings.concurrency, queue: settings.queue },
  );

async function slot(): Promise<void> {
  if (active < settings.concurrency) {
    active++;
    return;
  }
  if (waiting.length >= settings.queue) throw busy();
  // the releasing parser hands its slot over: `active` stays counted
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else active--;
}

/** Runs `work` in one of the bounded slots (429 when every slot and the queue are taken). */
export async function bounded<T>(work: () => Promise<T>): Promise<T> {
  await slot();
  try {
    return await work();
  } finally {
    release();
  }
}

interface Reply {
  ok?: unknown;
  error?: { code: string; status: number; messages: { zh: string; en: string }; details?: unknown };
  crash?: string;
}

function spawn(): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: settings.memoryMb, maxYoungGenerationSizeMb: Math.min(64, settings.memoryMb / 4) };
  if (here.endsWith('.js')) return new Worker(new URL('./parse-worker.js', here), { resourceLimits });
  // running from the TypeScript sources (tests): the worker loads them through tsx
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./parse-worker.ts', here).href;
  const boot = `const { workerData } = require('node:worker_threads');
    (async () => { (await import(workerData.tsx)).register(); await import(workerData.entry); })();`;
  return new Worker(boot, { eval: true, workerData: { tsx, entry }, resourceLimits });
}

function inWorker<T>(message: unknown, fileName: string): Promise<T> {
  const worker = idle.pop() ?? spawn();
  worker.ref();
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: Reply) => {
      done();
      worker.unref();
      idle.push(worker);
      if (reply.error) reject(new AppError(reply.error.code, reply.error.status, reply.error.messages, reply.error.details));
      else if (reply.crash !== undefined) reject(new Error(`reading ${fileName} failed: ${reply.crash}`));
      else resolve(reply.ok as T);
    };
    const onError = (err: Error & { code?: string }) => {
      done();
      void worker.terminate();
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        reject(
          new AppError(
            'FILE_TOO_COMPLEX',
            413,
            {
              zh: `文件 ${fileName} 读取时需要的内存超过上限 ${settings.memoryMb} MB：请拆分后分批导入`,
              en: `Reading ${fileName} needs more than the ${settings.memoryMb} MB memory limit: split it and import the parts`,
            },
            { memoryMb: settings.memoryMb },
          ),
        );
      } else reject(err);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`the parser of ${fileName} ended (exit ${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(message);
  });
}

/**
 * Reads one file within the bounds: in a capped worker (`parse-worker.ts` calls `readTableHere`),
 * or with `here` in this thread when workers are off.
 */
export function parseBounded<T>(bytes: Uint8Array, fileName: string, maxBytes: number, here: () => Promise<T>): Promise<T> {
  return bounded(() => (settings.worker ? inWorker<T>({ bytes, fileName, maxBytes }, fileName) : here()));
}
