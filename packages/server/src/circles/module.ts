import { defineModule } from '../module.js';

export default defineModule({
  id: 'circles',
  // URLs stay /api/v1/access/... (API unchanged); the tag names the module.
  tag: { name: 'circles', description: '15分钟公共服务圈: networks, facilities, residents, coverage' },
  permissions: [],
  routes: async (api, ctx) => (await import('./routes.js')).circlesRoutes(api, ctx),
  demo: {
    label: { zh: '15分钟圈演示（OpenStreetMap）', en: 'accessibility demos (OpenStreetMap)' },
    load: async (db, options) => {
      const items = await (await import('./demo.js')).loadCirclesDemo(db, options);
      return [`15分钟圈演示 / accessibility demos: ${items.map((i) => i.name).join(', ')} (OpenStreetMap extracts; residents synthetic)`];
    },
  },
});
