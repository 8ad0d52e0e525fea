/** 乡村共富: the village collective economy (ranking, weak villages, pairings) and low-income households (masked). */
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
  ],
  // written by 写入年度指标 (and the demo) through the observation writer
  cards: [
    { id: 'RURAL_COLLECTIVE_OPERATING_INCOME', indicator: 'RURAL_COLLECTIVE_OPERATING_INCOME', order: 120, permission: 'rural:read' },
    { id: 'RURAL_LOW_INCOME_PCDI_GROWTH', indicator: 'RURAL_LOW_INCOME_PCDI_GROWTH', order: 121, permission: 'rural:read' },
  ],
});
