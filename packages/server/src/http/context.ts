import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { AuthSettings } from '../auth/service.js';
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';

export interface AppContext {
  store: Store;
  config: Config;
  auth: AuthSettings;
  /** the authenticated caller of a request (set by the access-control hook) */
  actorOf(request: FastifyRequest): Actor;
}
