import { defineModule } from '../module.js';

export default defineModule({
  id: 'notifications',
  tag: { name: 'notifications', description: 'in-app notifications of the signed-in user (催报 reminders, returned submissions)' },
  permissions: [],
  routes: async (api, ctx) => (await import('./routes.js')).notificationRoutes(api, ctx),
});
