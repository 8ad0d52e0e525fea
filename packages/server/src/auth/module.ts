/** Two modules share the auth folder: the caller's own account, and user administration. */
import { defineModule } from '../module.js';

export const authModule = defineModule({
  id: 'auth',
  tag: { name: 'auth', description: 'login, sessions, password, API tokens' },
  permissions: [],
  routes: async (api, ctx) => (await import('./routes.js')).authRoutes(api, ctx),
});

export const adminModule = defineModule({
  id: 'admin',
  tag: { name: 'admin', description: 'users, roles, departments' },
  permissions: ['user:manage'],
  routes: async (api, ctx) => (await import('./admin-routes.js')).adminRoutes(api, ctx),
});
