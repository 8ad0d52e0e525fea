import { defineModule } from '../module.js';

export default defineModule({
  id: 'observations',
  tag: { name: 'observations', description: 'values with provenance; exports' },
  // data:import is used by the importer and by modules that write observations
  permissions: ['data:read', 'data:import', 'data:export', 'data:delete'],
  routes: async (api, ctx) => (await import('./routes.js')).observationRoutes(api, ctx),
});
