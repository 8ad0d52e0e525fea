/**
 * Sending a file download: one Content-Disposition for every route. The file name appears twice,
 * as an ASCII fallback (`filename="…"`, every other character replaced by `_`) and in full as
 * RFC 5987 `filename*=UTF-8''…` (percent-encoded), so neither a quote, a semicolon, a line break
 * nor a non-ASCII character in a name can end the parameter or inject another one.
 */
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

const ASCII_SAFE = /[^A-Za-z0-9 ._()[\]+-]/g;

/** RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" */
const encodeRfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const name = fileName.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim() || 'download';
  const fallback = name.replace(ASCII_SAFE, '_');
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

export interface Download {
  fileName: string;
  contentType: string;
  body: Buffer | Readable | string;
}

export function sendDownload(reply: FastifyReply, d: Download) {
  return reply.header('content-type', d.contentType).header('content-disposition', contentDisposition(d.fileName)).send(d.body);
}
