/** 乡村共富: the village collective economy (ranking, weak villages, pairings), low-income households (masked) and 未来乡村 (pilots against candidates, evidence per indicator). */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'rural',
  menuGroups: [{ path: '/rural', titleKey: 'menu.rural', icon: 'rural', order: 59.7 }],
  routes: [
    {
      path: 'rural',
      name: 'rural',
      component: withElementExtras(() => import('./RuralEconomyView.vue')),
      meta: { permission: 'rural:read', titleKey: 'menu.ruralEconomy', menu: { order: 1, parent: '/rural' } },
    },
    {
      path: 'rural/households',
      name: 'rural-households',
      component: withElementExtras(() => import('./RuralHouseholdsView.vue')),
      meta: { permission: 'rural:read', titleKey: 'menu.ruralHouseholds', menu: { order: 2, parent: '/rural' } },
    },
    {
      path: 'rural/future',
      name: 'rural-future',
      component: withElementExtras(() => import('./RuralFutureView.vue')),
      meta: { permission: 'rural:read', titleKey: 'menu.ruralFuture', menu: { order: 3, parent: '/rural' } },
    },
  ],
  // written by 写入年度指标 (and the demo) through the observation writer
  cards: [
    { id: 'RURAL_COLLECTIVE_OPERATING_INCOME', indicator: 'RURAL_COLLECTIVE_OPERATING_INCOME', order: 120, permission: 'rural:read' },
    { id: 'RURAL_LOW_INCOME_PCDI_GROWTH', indicator: 'RURAL_LOW_INCOME_PCDI_GROWTH', order: 121, permission: 'rural:read' },
  ],
});
