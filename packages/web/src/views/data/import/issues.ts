/** The import error report (sheet/row/column/code/message) as a table and as CSV. */
import type { DetectedSheet, ImportIssue } from '../../../api/types';
import { ApiError } from '../../../api/http';
import { toCsv } from '../../../utils/csv';

/** The issues of a rejected import (422 IMPORT_INVALID), or null for any other error. */
export function issuesOf(error: unknown): { issues: ImportIssue[]; issueCount: number } | null {
  if (!(error instanceof ApiError)) return null;
  const d = error.details as { issues?: ImportIssue[]; issueCount?: number } | undefined;
  if (!d?.issues) return null;
  return { issues: d.issues, issueCount: d.issueCount ?? d.issues.length };
}

/** How the importer read the header of each sheet, from a preview or from a rejected import's details. */
export function detectedOf(from: { detected?: DetectedSheet[] } | null, error?: unknown): DetectedSheet[] {
  if (from?.detected) return from.detected;
  if (!(error instanceof ApiError)) return [];
  return (error.details as { detected?: DetectedSheet[] } | undefined)?.detected ?? [];
}

export function issuesCsv(issues: ImportIssue[], locale: string, headers: [string, string, string, string, string]): string {
  return toCsv([headers, ...issues.map((i) => [i.sheet, i.row, i.column, i.code, locale === 'en' ? i.en : i.zh])]);
}
