import { defineModule } from '../module.js';

export default defineModule({
  id: 'enforce',
  tag: {
    name: 'enforce',
    description:
      '大综合一体化执法: the item catalogue with legal basis, "一件事" scenarios, 综合查一次 inspections, auditable 双随机 draws with recusal, repeated-inspection alerts, enforcement cases',
  },
  permissions: ['enforce:read', 'enforce:inspect', 'enforce:manage'],
  provides: { enforcementIntake: async () => (await import('./intake-port.js')).enforcementIntakePort },
  routes: async (api, ctx) => (await import('./routes.js')).enforceRoutes(api, ctx),
  demo: {
    label: { zh: '大综合一体化执法演示（合成事项与检查数据）', en: 'integrated enforcement demo (synthetic items and inspections)' },
    load: async (db, options) => (await import('./demo.js')).loadEnforceDemo(db, options),
  },
});
