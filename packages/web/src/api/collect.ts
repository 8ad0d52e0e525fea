/** 填报任务: types inferred from the server's zod schemas (server/src/collect/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/collect/schemas';
import { download, fileForm, getJson, postJson, request } from './http';
import { choiceParams, type ImportChoices } from './imports';
import type { ImportPreview, Page } from './types';

export type Task = z.infer<typeof S.Task>;
export type Assignment = z.infer<typeof S.Assignment>;
export type AssignmentStatus = z.infer<typeof S.AssignmentStatus>;
export type TaskBoard = z.infer<typeof S.TaskBoard>;
export type Review = z.infer<typeof S.Review>;
export type ReviewRow = Review['rows'][number];
export type NewTask = z.input<typeof S.NewTaskBody>;

export const fetchTasks = (page: number, pageSize: number) => getJson<Page<Task>>('/report-tasks', { page, pageSize });
export const createTask = (body: NewTask) => postJson<Task>('/report-tasks', body);
export const fetchBoard = (id: number) => getJson<TaskBoard>(`/report-tasks/${id}`);
export const remindUnits = (id: number) => postJson<{ units: number; accounts: number }>(`/report-tasks/${id}/remind`);

const unit = (id: number, region: string, tail: string) => `/report-tasks/${id}/units/${region}/${tail}`;
export const fetchReview = (id: number, region: string) => getJson<Review>(unit(id, region, 'review'));
export const downloadTaskTemplate = (id: number, region: string, lang: 'zh' | 'en') =>
  download(unit(id, region, 'template'), { lang }, 'template.xlsx');
export function submitFile(id: number, region: string, file: File, dryRun: boolean, choices: ImportChoices = {}) {
  return request<ImportPreview>('POST', unit(id, region, 'submission'), {
    form: fileForm(file),
    params: { dryRun: String(dryRun), ...choiceParams(choices) },
  });
}
export const downloadAttachment = (id: number, fileName: string) => download(`/report-tasks/${id}/attachment`, {}, fileName);
export const uploadAttachment = (id: number, file: File) =>
  request<{ fileName: string; bytes: number; sha256: string }>('POST', `/report-tasks/${id}/attachment`, { form: fileForm(file) });
export type EntryBody = z.input<typeof S.EntryBody>;
export const submitEntry = (id: number, region: string, body: EntryBody) => postJson<ImportPreview>(unit(id, region, 'entry'), body);
export const withdrawSubmission = (id: number, region: string, reason: string) => postJson(unit(id, region, 'withdraw'), { reason });
export const returnSubmission = (id: number, region: string, reason: string) => postJson(unit(id, region, 'return'), { reason });
export const acceptSubmission = (id: number, region: string) => postJson(unit(id, region, 'accept'));
