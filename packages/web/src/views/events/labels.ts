/** How the event views show states, deadlines and actions. */
import type { EventAction, EventCase, EventState } from '../../api/events';

export const STATES: EventState[] = [
  'reported',
  'accepted',
  'filed',
  'dispatched',
  'handling',
  'feedback',
  'checked',
  'closed',
  'evaluated',
  'parked',
  'rejected',
];

export const STATE_TONE: Record<EventState, 'info' | 'primary' | 'warning' | 'success' | 'danger'> = {
  reported: 'info',
  accepted: 'info',
  filed: 'primary',
  dispatched: 'primary',
  handling: 'warning',
  feedback: 'warning',
  checked: 'success',
  closed: 'success',
  evaluated: 'success',
  parked: 'info',
  rejected: 'danger',
};

export const DEADLINE_TONE: Record<EventCase['deadline']['level'], 'success' | 'warning' | 'danger' | 'info'> = {
  ok: 'success',
  warning: 'warning',
  overdue: 'danger',
  none: 'info',
};

/** Actions that ask for a reason before they are sent. */
export const NEEDS_REASON: EventAction[] = ['reject', 'return', 'rework', 'extend_request', 'park', 'escalate', 'reassign'];

/** Actions shown as the primary (forward) button. */
export const FORWARD: EventAction[] = [
  'accept',
  'file',
  'dispatch',
  'start',
  'feedback',
  'check_pass',
  'close',
  'evaluate',
  'extend_approve',
  'unpark',
];

type Translate = (key: string) => string;

/** Who took an action, as a reader sees it: the sweep and the demo's synthetic staff by label, never their ids. */
export function actorText(t: Translate, actor: string, name: string): string {
  if (actor.startsWith('system:')) return t('events.case.systemActor');
  if (actor.startsWith('demo:')) return t('events.case.demoActor');
  return name;
}
