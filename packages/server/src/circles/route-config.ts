/**
 * What the route files of the 15-minute-circle module share: access declarations (config.access,
 * checked by http/guard.ts) — reading and computing on request need data:read, storing networks,
 * sets and runs and writing indicators need data:import; data are region-scoped — the id parameter
 * and the OpenAPI tag. Held in variables so the route options type-check with or without the
 * guard's FastifyContextConfig augmentation.
 */
import { z } from 'zod';

export const Id = z.coerce.number().int().positive();
export const tags = ['access'];

export const READ = { access: { permission: 'data:read' as const, scope: 'region' as const } };
export const WRITE = { access: { permission: 'data:import' as const, scope: 'region' as const } };
export const READ_GLOBAL = { access: { permission: 'data:read' as const, scope: 'global' as const } };
