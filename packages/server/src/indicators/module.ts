import { defineModule } from '../module.js';

export default defineModule({
  id: 'indicators',
  tag: { name: 'indicators', description: 'indicator catalogue and templates' },
  permissions: ['indicator:read', 'indicator:write'],
  routes: async (api, ctx) => (await import('./routes.js')).indicatorRoutes(api, ctx),
});
