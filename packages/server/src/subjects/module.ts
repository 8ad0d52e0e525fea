import { defineModule } from '../module.js';

export default defineModule({
  id: 'subjects',
  tag: {
    name: 'subjects',
    description: 'subjects registry: enterprises, platforms, projects, stations, departments (each bound to a region)',
  },
  permissions: ['subject:write'],
  routes: async (api, ctx) => (await import('./routes.js')).subjectRoutes(api, ctx),
});
