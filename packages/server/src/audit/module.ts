import { defineModule } from '../module.js';

export default defineModule({
  id: 'audit',
  tag: { name: 'audit', description: 'hash-chained audit log' },
  permissions: ['audit:read'],
  routes: async (api, ctx) => (await import('./routes.js')).auditRoutes(api, ctx),
});
