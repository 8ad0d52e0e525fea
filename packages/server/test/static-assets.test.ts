/**
 * The web app's static files through the real app: the brotli or gzip copy the build wrote
 * (packages/web/build/precompress.ts) is chosen by Accept-Encoding, with `Vary: Accept-Encoding`;
 * hashed files under assets/ are cached for a year (immutable), the shell (index.html, also on a
 * client-side route) is revalidated every time; small files are sent as they are.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { precompressDir } from '../../web/build/precompress.js';
import { testConfig, testDb, type TestDb } from './helpers.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
let t: TestDb;
let app: FastifyInstance;
let dist: string;
const js = 'export const x = [' + Array.from({ length: 2000 }, (_, i) => `"item-${i % 37}"`).join(',') + '];\n';
const html =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body>' +
  '<div id="app"></div>'.repeat(100) +
  '</body></html>';

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), html);
  fs.writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js'), js);
  fs.writeFileSync(path.join(dist, 'assets', 'tiny-Zz99Yy88.css'), 'a{color:red}');
  const r = precompressDir(dist);
  expect(r.files).toBe(2); // index.html and the JS; the CSS is under 1 KiB
  t = await testDb();
  app = await buildApp({ store: t.store, config: testConfig({ webDist: dist }) });
});
afterAll(async () => {
  await app.close();
  await t.dispose();
  fs.rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

describe('precompressed static assets', () => {
  it('writes .br and .gz next to compressible files over 1 KiB only', () => {
    expect(fs.existsSync(path.join(dist, 'assets', 'index-Ab12Cd34.js.br'))).toBe(true);
    expect(fs.existsSync(path.join(dist, 'assets', 'index-Ab12Cd34.js.gz'))).toBe(true);
    expect(fs.existsSync(path.join(dist, 'index.html.br'))).toBe(true);
    expect(fs.existsSync(path.join(dist, 'assets', 'tiny-Zz99Yy88.css.br'))).toBe(false);
  });

  it('sends brotli to a browser that accepts it, with the JavaScript content type and long caching', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.rawPayload.length).toBeLessThan(js.length / 5);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(js);
  });

  it('sends gzip when brotli is not accepted, and the file as it is when nothing is', async () => {
    const gz = await get('/assets/index-Ab12Cd34.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(js);

    for (const accept of [undefined, 'identity']) {
      const plain = await get('/assets/index-Ab12Cd34.js', accept);
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
      expect(plain.headers['cache-control']).toBe(IMMUTABLE);
      expect(plain.payload).toBe(js);
    }
  });

  it('revalidates the app shell every time, at / and on a client-side route', async () => {
    for (const url of ['/', '/index.html', '/cockpit/some/deep/link']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers.vary, url).toMatch(/Accept-Encoding/i);
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(html);
    }
  });

  it('sends a small file uncompressed, still cached as hashed', async () => {
    const res = await get('/assets/tiny-Zz99Yy88.css', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.payload).toBe('a{color:red}');
  });

  it('keeps unknown API paths JSON 404s', async () => {
    const res = await get('/api/v1/no-such-thing', 'br, gzip');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
