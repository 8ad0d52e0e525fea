/**
 * A parser worker (parse-pool.ts): reads each file it is sent with `readTableHere` and answers with
 * the sheets, or with the AppError that describes what is wrong with the file. Its heap is capped
 * by the pool; running out of it ends this worker only.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { readTableHere } from './reader.js';

parentPort!.on('message', async (m: { bytes: Uint8Array; fileName: string; maxBytes: number }) => {
  try {
    parentPort!.postMessage({ ok: await readTableHere(m.bytes, m.fileName, m.maxBytes) });
  } catch (err) {
    if (err instanceof AppError) {
      parentPort!.postMessage({ error: { code: err.code, status: err.status, messages: err.messages, details: err.details } });
    } else parentPort!.postMessage({ crash: err instanceof Error ? err.message : String(err) });
  }
});
