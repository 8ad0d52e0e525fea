import { fileForm, request } from './http';
import type { ImportPreview } from './types';

/** POST /imports: dry run (validate and preview) or commit. Invalid files reject with ApiError IMPORT_INVALID and details.issues. */
export function uploadImport(
  file: File,
  dryRun: boolean,
  options: { source?: string; status?: 'preliminary' | 'final' } = {},
  choices: ImportChoices = {},
) {
  return request<ImportPreview>('POST', '/imports', {
    form: fileForm(file),
    params: { dryRun: String(dryRun), ...options, ...choiceParams(choices) },
  });
}

/** What the clerk confirmed in the mapping step: names → codes, and column roles (`sheet!letter` → code or role). */
export interface ImportChoices {
  mapping?: { regions?: Record<string, string>; indicators?: Record<string, string> };
  columns?: Record<string, string>;
  /** the header row chosen per sheet name, instead of the one found */
  headerRows?: Record<string, number>;
}

/** The `mapping`, `columns` and `headerRows` query parameters of an import or a submission; empty ones left out. */
export function choiceParams(c: ImportChoices): Record<string, string> {
  const out: Record<string, string> = {};
  const m = c.mapping ?? {};
  if (Object.keys(m.regions ?? {}).length + Object.keys(m.indicators ?? {}).length > 0) out.mapping = JSON.stringify(m);
  if (c.columns && Object.keys(c.columns).length > 0) out.columns = JSON.stringify(c.columns);
  if (c.headerRows && Object.keys(c.headerRows).length > 0) out.headerRows = JSON.stringify(c.headerRows);
  return out;
}
