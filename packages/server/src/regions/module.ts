import { defineModule } from '../module.js';

export default defineModule({
  id: 'regions',
  tag: { name: 'regions', description: '行政区划 and boundaries' },
  permissions: ['region:read', 'region:write'],
  routes: async (api, ctx) => (await import('./routes.js')).regionRoutes(api, ctx),
  demo: {
    label: { zh: '柯桥演示：地区、边界、指标目录与数据', en: 'Keqiao demo: regions, outlines, indicator catalogue and figures' },
    load: async (db, options) => (await import('../demo/load.js')).loadDemoLines(db, options),
  },
});
