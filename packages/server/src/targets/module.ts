import { defineModule } from '../module.js';

export default defineModule({
  id: 'targets',
  tag: {
    name: 'targets',
    description:
      '挂图作战: annual targets with breakdown, seasonal or straight expected progress, lights, year-end forecasts; the "661" major-project board with lag warnings and 要素保障 problems',
  },
  permissions: ['targets:read', 'targets:manage', 'targets:problems', 'targets:report'],
  routes: async (api, ctx) => (await import('./routes.js')).targetsRoutes(api, ctx),
  metrics: async (db) => (await import('./metrics.js')).targetGaugesUnscoped(db),
  demo: {
    label: { zh: '挂图作战演示（真实目标，合成月度实绩和项目）', en: 'targets demo (real targets, synthetic actuals and projects)' },
    load: async (db, options) => (await import('./demo.js')).loadTargetsDemo(db, options),
  },
});
