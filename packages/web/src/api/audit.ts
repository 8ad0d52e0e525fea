import { getJson } from './http';
import type { AuditEntry, AuditVerification } from './types';

export const fetchAudit = (q: { actor?: string; action?: string; before?: number; limit?: number }) =>
  getJson<{ items: AuditEntry[] }>('/audit', q);
export const verifyAudit = () => getJson<AuditVerification>('/audit/verify');
