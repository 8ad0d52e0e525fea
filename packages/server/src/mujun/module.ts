import { defineModule } from '../module.js';

export default defineModule({
  id: 'mujun',
  tag: {
    name: 'mujun',
    description:
      '亩均效益评价: land parcels, bureau data on the credit code, reconciliation, evaluation runs with A/B/C/D classes, 调档, policy lists, 公示 and appeals, the enterprise’s own record',
  },
  permissions: ['mujun:read', 'mujun:run', 'mujun:own'],
  routes: async (api, ctx) => {
    await (await import('./routes.js')).mujunRoutes(api, ctx);
    await (await import('./routes-appeal.js')).mujunAppealRoutes(api, ctx);
  },
  demo: {
    label: { zh: '亩均效益演示（合成企业数据）', en: 'per-mu efficiency demo (synthetic enterprises)' },
    load: async (db, options) => (await import('./demo.js')).loadMujunDemo(db, options),
  },
});
