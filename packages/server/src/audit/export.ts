/**
 * The audit log as a file for an auditor (.xlsx or .csv), with the same filters as the list:
 * every matching entry, newest first, times in Asia/Shanghai with their offset, before/after as
 * JSON, and the chain hashes so the copy can be checked against the database later. Taking the
 * log out is itself audited (`audit.export`, with the reader's scope), after the last row is written.
 */
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { writeTables, type ExportFormat, type OutCell } from '../exports/table-writer.js';
import { shanghaiIso } from '../util/local-time.js';
import { auditExport, listAudit, type AuditFilter, type AuditReadScope } from './service.js';

type Lang = 'zh' | 'en';
const HEADER: Record<Lang, string[]> = {
  zh: ['序号', '时间', '操作人', '操作', '对象', 'IP', '变更前', '变更后', '上一哈希', '哈希'],
  en: ['seq', 'time', 'actor', 'action', 'target', 'ip', 'before', 'after', 'prev_hash', 'hash'],
};
const PAGE = 5000;
const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

export async function exportAudit(
  db: Db,
  actor: Actor,
  scope: AuditReadScope,
  filter: AuditFilter,
  format: ExportFormat,
  lang: Lang,
  out: Writable,
): Promise<void> {
  async function* pages(): AsyncGenerator<OutCell[][]> {
    let before = filter.beforeSeq;
    for (;;) {
      const page = await listAudit(db, scope, { ...filter, beforeSeq: before, limit: PAGE });
      if (page.length === 0) return;
      yield page.map((e) => [
        e.seq,
        shanghaiIso(e.at),
        e.actor,
        e.action,
        e.target ?? '',
        e.ip ?? '',
        json(e.before),
        json(e.after),
        e.prevHash,
        e.hash,
      ]);
      if (page.length < PAGE) return;
      before = page[page.length - 1].seq;
    }
  }
  const body = new PassThrough();
  body.pipe(out, { end: false });
  const drained = once(body, 'end');
  const rows = await writeTables(
    format,
    [{ name: lang === 'zh' ? '审计日志' : 'audit', header: HEADER[lang], rows: pages(), widths: [8, 26, 18, 24, 22, 16, 40, 40, 20, 20] }],
    body,
  );
  await drained;
  await auditExport(db, actor, { action: 'audit.export', target: 'audit_log', after: { filter, scope, format, rows } });
  out.end();
}
