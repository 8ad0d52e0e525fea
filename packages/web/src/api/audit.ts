import { download, getJson } from './http';
import type { AuditEntry, AuditVerification, Page } from './types';

export type AuditQuery = {
  actor?: string;
  action?: string;
  /** first and last day, yyyy-MM-dd in Asia/Shanghai */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
};

export const fetchAudit = (q: AuditQuery) => getJson<Page<AuditEntry>>('/audit', q);
export const fetchAuditActions = () => getJson<{ items: string[] }>('/audit/actions');
export const verifyAudit = () => getJson<AuditVerification>('/audit/verify');
export const downloadAudit = (q: Omit<AuditQuery, 'page' | 'pageSize'>, format: 'xlsx' | 'csv', lang: 'zh' | 'en') =>
  download('/audit/export', { ...q, format, lang }, `audit.${format}`);
