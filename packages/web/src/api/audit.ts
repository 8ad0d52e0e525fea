import { getJson } from './http';
import type { AuditEntry, AuditVerification } from './types';

export type AuditQuery = {
  actor?: string;
  action?: string;
  /** first and last day, yyyy-MM-dd in Asia/Shanghai */
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
};

export const fetchAudit = (q: AuditQuery) => getJson<{ items: AuditEntry[] }>('/audit', q);
export const fetchAuditActions = () => getJson<{ items: string[] }>('/audit/actions');
export const verifyAudit = () => getJson<AuditVerification>('/audit/verify');
