import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { Department, errorResponses, pageOf, PageQuery, RegionCode, Role, User } from '../http/schemas.js';
import { listRoles } from './repository.js';
import { createDepartment, departmentsFor, saveRole, userPage } from './administration.js';
import { createUser, resetPassword, updateUserAccount } from './service.js';
import { ALL_PERMISSIONS } from './actor.js';

const manage = { access: { permission: 'user:manage' as const, scope: 'region' as const } };

export async function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get(
    '/users',
    {
      config: manage,
      schema: {
        tags: ['admin'],
        summary: 'Users within your data scope, one page and the total',
        querystring: PageQuery.extend({ q: z.string().max(100).optional().describe('part of the user name, display name or region name') }),
        response: { 200: pageOf(User), ...errorResponses },
      },
    },
    async (req) => {
      const { q, ...page } = req.query;
      return userPage(db, ctx.actorOf(req), q, page);
    },
  );

  r.post(
    '/users',
    {
      config: { ...manage, audit: { action: 'user.create' } },
      schema: {
        tags: ['admin'],
        summary: 'Create a user; returns a one-time password that must be changed at first login',
        body: z.object({
          username: z.string(),
          displayName: z.string().min(1),
          regionCode: RegionCode.nullable().optional(),
          departmentId: z.number().int().nullable().optional(),
          roles: z.array(z.string()),
          enterprise: z
            .string()
            .max(32)
            .nullable()
            .optional()
            .describe('统一社会信用代码: an enterprise account for this enterprise (role enterprise only; its town is the enterprise’s)'),
        }),
        response: { 200: z.object({ id: z.number(), oneTimePassword: z.string() }), ...errorResponses },
      },
    },
    async (req) => {
      const { id, password } = await createUser(db, ctx.actorOf(req), req.body);
      return { id, oneTimePassword: password };
    },
  );

  r.patch(
    '/users/:id',
    {
      config: { ...manage, audit: { action: ['user.update', 'user.disable'] } },
      schema: {
        tags: ['admin'],
        params: z.object({ id: z.coerce.number().int() }),
        body: z.object({
          displayName: z.string().min(1).optional(),
          regionCode: RegionCode.nullable().optional(),
          departmentId: z.number().int().nullable().optional(),
          roles: z.array(z.string()).optional(),
          disabled: z.boolean().optional(),
        }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      await updateUserAccount(db, ctx.actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );

  r.post(
    '/users/:username/password-reset',
    {
      config: { ...manage, audit: { action: 'user.password_reset' } },
      schema: {
        tags: ['admin'],
        params: z.object({ username: z.string() }),
        response: { 200: z.object({ oneTimePassword: z.string() }), ...errorResponses },
      },
    },
    async (req) => ({ oneTimePassword: await resetPassword(db, ctx.actorOf(req), req.params.username) }),
  );

  r.get(
    '/roles',
    {
      config: { access: { permission: 'user:manage', scope: 'global' } },
      schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(Role), permissions: z.array(z.string()) }) } },
    },
    async () => ({ items: await listRoles(db), permissions: [...ALL_PERMISSIONS] }),
  );

  r.put(
    '/roles/:code',
    {
      config: { access: { permission: 'user:manage', scope: 'global' }, audit: { action: ['role.create', 'role.update'] } },
      schema: {
        tags: ['admin'],
        params: z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/) }),
        body: z.object({
          nameZh: z.string().min(1),
          nameEn: z.string().min(1),
          permissions: z.array(z.enum(ALL_PERMISSIONS)),
          dataScope: Role.shape.dataScope,
        }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      await saveRole(db, ctx.actorOf(req), req.params.code, req.body);
      return { ok: true as const };
    },
  );

  r.get(
    '/departments',
    {
      config: { access: { permission: 'user:manage', scope: 'region' } },
      schema: {
        tags: ['admin'],
        summary: 'Departments within your administration scope',
        response: { 200: z.object({ items: z.array(Department) }) },
      },
    },
    async (req) => ({ items: await departmentsFor(db, ctx.actorOf(req)) }),
  );

  r.post(
    '/departments',
    {
      config: { access: { permission: 'user:manage', scope: 'region' }, audit: { action: 'department.create' } },
      schema: {
        tags: ['admin'],
        body: z.object({
          name: z.string().min(1).max(100),
          parentId: z.number().int().nullable().default(null),
          regionCode: RegionCode.nullable().default(null),
        }),
        response: { 200: z.object({ id: z.number() }), ...errorResponses },
      },
    },
    async (req) => ({ id: await createDepartment(db, ctx.actorOf(req), req.body) }),
  );
}
