import { defineModule } from '../module.js';

export default defineModule({
  id: 'events',
  tag: {
    name: 'events',
    description:
      '三级指挥协同: event intake with idempotency keys, the closed loop as a transitions table, working-time deadlines, overdue sweep, duplicates, queues, indicators',
  },
  permissions: ['events:read', 'events:report', 'events:dispatch', 'events:handle', 'events:supervise', 'events:manage'],
  routes: async (api, ctx) => (await import('./routes.js')).eventsRoutes(api, ctx),
  provides: { caseIntake: async () => (await import('./intake-port.js')).caseIntakePort },
  metrics: async (db) => (await import('./metrics.js')).eventGaugesUnscoped(db),
  demo: {
    label: { zh: '三级指挥协同演示（合成事件数据）', en: 'command-loop demo (synthetic event cases)' },
    load: async (db, options) => (await import('./demo.js')).loadEventsDemo(db, options),
  },
});
