import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';

export interface AppContext {
  store: Store;
  config: Config;
  /** resolves the caller of a request; the access-control layer replaces this in one place */
  actorOf(request: FastifyRequest): Actor;
}
