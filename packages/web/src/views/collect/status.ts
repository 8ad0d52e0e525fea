/** How a unit's submission status is shown: its tag colour, and the deadline state beside it. */
import type { Assignment, AssignmentStatus } from '../../api/collect';

export const STATUS_TONE: Record<AssignmentStatus, 'info' | 'warning' | 'danger' | 'success'> = {
  pending: 'info',
  submitted: 'warning',
  returned: 'danger',
  accepted: 'success',
};

/** The deadline flag of a unit: overdue (not reported and past the deadline), late (first reported after it), or none. */
export const deadlineFlag = (a: Pick<Assignment, 'overdue' | 'late'>): 'overdue' | 'late' | null =>
  a.overdue ? 'overdue' : a.late ? 'late' : null;

/** A change as a signed percentage with one decimal, or a dash. */
export function percentChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '—';
  const pct = Math.round(change * 1000) / 10;
  return `${pct > 0 ? '+' : ''}${pct}%`;
}

/** The deadline a date picker gives (Shanghai wall-clock `yyyy-MM-ddTHH:mm:ss`) as an instant with its offset. */
export const shanghaiDeadline = (local: string): string => `${local}+08:00`;
