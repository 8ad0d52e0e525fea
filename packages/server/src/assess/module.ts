import { defineModule } from '../module.js';

export default defineModule({
  id: 'assess',
  tag: { name: 'assess', description: '考核评价: schemes, runs, scorecards, what-if, sensitivity' },
  permissions: ['assess:read', 'assess:run', 'assess:edit'],
  routes: async (api, ctx) => (await import('./routes.js')).assessRoutes(api, ctx),
  demo: {
    label: { zh: '考核评价示意方案', en: 'illustrative assessment schemes' },
    load: async (db, options) => {
      const assess = await (await import('./demo.js')).loadAssessDemo(db, options);
      return [
        `考核方案（示意）/ illustrative assessment schemes: ${assess.schemes.join(', ')}; runs ${assess.runs.length}; synthetic values +${assess.observations.inserted}`,
      ];
    },
  },
});
