import type { z } from 'zod';
import type { ImportIssue as ImportIssueSchema } from '../http/schemas.js';
/** An import problem located by sheet, row and column, with a stable code and bilingual message. */
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

export const MAX_REPORTED_ISSUES = 500;

export function locate(issue: Pick<ImportIssue, 'sheet' | 'row' | 'column'>): { zh: string; en: string } {
  const zh = [issue.sheet && `工作表「${issue.sheet}」`, issue.row && `第 ${issue.row} 行`, issue.column && `${issue.column} 列`]
    .filter(Boolean)
    .join(' ');
  const en = [issue.sheet && `sheet "${issue.sheet}"`, issue.row && `row ${issue.row}`, issue.column && `column ${issue.column}`]
    .filter(Boolean)
    .join(', ');
  return { zh, en };
}

/** Longest message of a reported problem: a quoted cell must not make the response as large as the file. */
export const MAX_MESSAGE_CHARS = 240;
const cut = (text: string) => (text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text);

/** The problems as reported: at most MAX_REPORTED_ISSUES, each message at most MAX_MESSAGE_CHARS. */
export function reportedIssues(issues: ImportIssue[]): ImportIssue[] {
  return issues.slice(0, MAX_REPORTED_ISSUES).map((i) => ({ ...i, sheet: i.sheet && cut(i.sheet), zh: cut(i.zh), en: cut(i.en) }));
}
