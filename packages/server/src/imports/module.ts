import { defineModule } from '../module.js';

export default defineModule({
  id: 'imports',
  tag: { name: 'imports', description: 'Excel/CSV import' },
  permissions: [],
  routes: async (api, ctx) => (await import('./routes.js')).importRoutes(api, ctx),
});
