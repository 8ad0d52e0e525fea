/**
 * The shape every server module declares in its own `module.ts`, listed once in `modules.ts`.
 * Routes and demo loaders are imported lazily inside the declaration, so that the module list (and
 * the permission list derived from it) can be read without loading any route code — that keeps
 * `auth/actor.ts` free of an import cycle through the routes that use it.
 */
import type { FastifyInstance } from 'fastify';
// Route code relies on these plugins' request/reply type augmentations (registered in app.ts);
// naming them here lets any program that reads the manifest — e.g. the web's type-only imports of
// the permission list — type-check the routes it reaches without loading app.ts.
import type {} from '@fastify/cookie';
import type {} from '@fastify/multipart';
import type { Actor } from './auth/actor.js';
import type { Db } from './db/store.js';
import type { AppContext } from './http/context.js';

export interface DemoOptions {
  /** who loads the demo (default: the system actor `demo`) */
  actor?: Actor;
  /** the date the demo treats as today (tests pin it) */
  today?: Date;
  /** called with a short label as each step starts */
  onStep?: (label: string) => void;
}

export interface ModuleDemo {
  label: { zh: string; en: string };
  /** Loads the module's demo content; idempotent. Returns bilingual summary lines for the terminal. */
  load(db: Db, options: DemoOptions): Promise<string[]>;
}

/** One value for `/metrics` (Prometheus gauge), e.g. overdue cases now. */
export interface Gauge {
  name: string;
  help: string;
  labels?: Record<string, string>;
  value: number;
}

export interface ServerModule<P extends string = string> {
  /** stable id, also the folder name under server/src */
  id: string;
  /** OpenAPI tag of the module's routes */
  tag: { name: string; description: string };
  /** permissions the module introduces; the built-in admin role must hold every one (tested) */
  permissions: readonly P[];
  /** registers the module's routes under /api/v1 */
  routes(api: FastifyInstance, ctx: AppContext): Promise<void>;
  /** demo content, loaded in module-list order by `loadDemos` */
  demo?: ModuleDemo;
  /** gauges for `/metrics` (counts over all regions: the endpoint is the operator's, behind its token) */
  metrics?(db: Db): Promise<Gauge[]>;
  /** services the module offers other modules (which never import it): found through `modules.ts` */
  provides?: { caseIntake?: () => Promise<CaseIntakePort>; enforcementIntake?: () => Promise<EnforcementIntakePort> };
}

/** A case for the event loop raised by another module (e.g. a river patrol's problem). */
export interface ForeignCase {
  idempotencyKey: string;
  categoryCode: string;
  /** the village or town where it was found (must be in the actor's scope) */
  regionCode: string;
  lon?: number | null;
  lat?: number | null;
  address?: string;
  description: string;
  reporterName?: string;
  reporterPhone?: string;
  /** what raised it and what it is attached to, kept on the case's first action and its audit entry */
  source: { module: string; ref: string; [k: string]: unknown };
}

/** Opens event cases inside the caller's transaction: the case, its first action and its audit entry commit with the caller's write. */
export interface CaseIntakePort {
  openCase(tx: Db, actor: Actor, c: ForeignCase): Promise<{ id: number }>;
}

/** An enforcement case referred by another module (移送执法, e.g. an event case of the event loop). */
export interface ReferredCase {
  /** the enterprise concerned (an inspection object in the actor's scope) */
  subjectId: number;
  /** the catalogue item (执法事项) the case is opened under */
  itemCode: string;
  summary: string;
  /** what referred it; one case per source */
  source: { module: string; ref: string };
}

/** What a referral may name: enterprises in the actor's scope and the catalogue's 执法事项 (处罚, 强制, other), searched by text. */
export interface ReferralChoices {
  objects: { id: number; code: string; name: string; regionName: string }[];
  items: { code: string; name: string; department: string; itemType: string }[];
}

/** Opens enforcement cases inside the caller's transaction: the case, its 立案 step and its audit entry commit with the caller's write. */
export interface EnforcementIntakePort {
  openCase(tx: Db, actor: Actor, c: ReferredCase): Promise<{ id: number }>;
  /** the first `limit` enterprises and enforcement items matching each text (an empty text: the first ones) */
  choices(db: Db, actor: Actor, q: { object?: string; item?: string; limit: number }): Promise<ReferralChoices>;
}

/** Declares a module, keeping its permission strings as a literal union. */
export function defineModule<const P extends string = never>(module: ServerModule<P>): ServerModule<P> {
  return module;
}
