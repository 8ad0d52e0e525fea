import { defineModule } from '../module.js';

export default defineModule({
  id: 'collect',
  tag: {
    name: 'collect',
    description: '数据采集 填报任务: tasks with deadlines for units, submission as 初步, review (退回/通过), publication as 正式, 催报',
  },
  permissions: ['collect:manage', 'collect:submit'],
  routes: async (api, ctx) => (await import('./routes.js')).collectRoutes(api, ctx),
  metrics: async (db) => (await import('./metrics.js')).collectGaugesUnscoped(db),
});
