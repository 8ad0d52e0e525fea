import { request } from './http';
import type { ImportPreview } from './types';

/** POST /imports: dry run (validate and preview) or commit. Invalid files reject with ApiError IMPORT_INVALID and details.issues. */
export function uploadImport(file: File, dryRun: boolean, options: { source?: string; status?: 'preliminary' | 'final' } = {}) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<ImportPreview>('POST', '/imports', { form, params: { dryRun: String(dryRun), ...options } });
}
