/**
 * Precompression of the built web app: every compressible file of the output folder over 1 KiB
 * (JavaScript, CSS, HTML, SVG, JSON, source maps) gets a brotli (`.br`, quality 11) and a gzip
 * (`.gz`, level 9) copy next to it, written once at build time so the server only picks one by
 * Accept-Encoding (`@fastify/static`'s `preCompressed`) and never compresses per request.
 * A copy is kept only when it is smaller than the original.
 */
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|map|txt|xml|wasm)$/;
const MIN_BYTES = 1024;

export interface PrecompressResult {
  files: number;
  rawBytes: number;
  brBytes: number;
  gzBytes: number;
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

export function precompressDir(dir: string): PrecompressResult {
  const result: PrecompressResult = { files: 0, rawBytes: 0, brBytes: 0, gzBytes: 0 };
  for (const file of [...walk(dir)]) {
    if (!COMPRESSIBLE.test(file)) continue;
    const raw = fs.readFileSync(file);
    if (raw.length < MIN_BYTES) continue;
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const gz = gzipSync(raw, { level: 9 });
    if (br.length < raw.length) fs.writeFileSync(file + '.br', br);
    if (gz.length < raw.length) fs.writeFileSync(file + '.gz', gz);
    result.files++;
    result.rawBytes += raw.length;
    result.brBytes += Math.min(br.length, raw.length);
    result.gzBytes += Math.min(gz.length, raw.length);
  }
  return result;
}

/** Vite plugin: precompress the output folder once the bundle is written (build only). */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'gongfu-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const r = precompressDir(outDir);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      this.info?.(`precompressed ${r.files} files: ${kb(r.rawBytes)} raw, ${kb(r.gzBytes)} gzip, ${kb(r.brBytes)} brotli`);
    },
  };
}
