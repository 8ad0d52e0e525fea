import { defineModule } from '../module.js';

export default defineModule({
  id: 'rural',
  tag: {
    name: 'rural',
    description:
      '乡村共富: village collective-economy ledgers (经营性收入 without subsidies), weak-village rules, 结对帮扶, low-income households with encrypted and masked personal data',
  },
  permissions: ['rural:read', 'rural:write', 'rural:pii'],
  routes: async (api, ctx) => (await import('./routes.js')).ruralRoutes(api, ctx),
  demo: {
    label: { zh: '乡村共富演示（合成台账与农户）', en: 'rural demo (synthetic ledgers and households)' },
    load: async (db, options) => (await import('./demo.js')).loadRuralDemo(db, options),
  },
});
