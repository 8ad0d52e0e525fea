import { defineModule } from '../module.js';

export default defineModule({
  id: 'reports',
  tag: { name: 'reports', description: 'statistical reports (downloads)' },
  permissions: ['report:read'],
  routes: async (api, ctx) => (await import('./routes.js')).reportRoutes(api, ctx),
});
