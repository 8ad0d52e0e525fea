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
});
