/**
 * The one list of server modules, in the order their routes are registered and their demos load.
 * A new module adds its folder (with a `module.ts`) and one line here; app.ts, the permission
 * list, the admin grant test and `loadDemos` all read this list.
 */
import regions from './regions/module.js';
import indicators from './indicators/module.js';
import observations from './observations/module.js';
import imports from './imports/module.js';
import reports from './reports/module.js';
import { adminModule, authModule } from './auth/module.js';
import audit from './audit/module.js';
import assess from './assess/module.js';
import circles from './circles/module.js';
import subjects from './subjects/module.js';
import notifications from './notifications/module.js';
import collect from './collect/module.js';
import mujun from './mujun/module.js';
import targets from './targets/module.js';
import events from './events/module.js';
import ecology from './ecology/module.js';
import enforce from './enforce/module.js';
import rural from './rural/module.js';

export const MODULES = [
  regions,
  indicators,
  observations,
  imports,
  reports,
  authModule,
  adminModule,
  audit,
  assess,
  circles,
  subjects,
  notifications,
  collect,
  mujun,
  targets,
  events,
  ecology,
  enforce,
  rural,
] as const;

/** Every permission some module declares (a string-literal union). */
export type Permission = (typeof MODULES)[number]['permissions'][number];

/** Every declared permission, in module order: what the built-in admin role holds. */
export const ALL_PERMISSIONS: readonly Permission[] = MODULES.flatMap((m): readonly Permission[] => m.permissions);

/** The event loop's intake, when a module offering it is installed (modules meet through the manifest, never by import). */
export async function caseIntake(): Promise<import('./module.js').CaseIntakePort | undefined> {
  const m = MODULES.find((x) => 'provides' in x && x.provides?.caseIntake);
  return m && 'provides' in m ? m.provides?.caseIntake?.() : undefined;
}

/** The enforcement intake (移送执法), when a module offering it is installed. */
export async function enforcementIntake(): Promise<import('./module.js').EnforcementIntakePort | undefined> {
  for (const m of MODULES) {
    const provides: import('./module.js').ServerModule['provides'] = 'provides' in m ? m.provides : undefined;
    if (provides?.enforcementIntake) return provides.enforcementIntake();
  }
  return undefined;
}
