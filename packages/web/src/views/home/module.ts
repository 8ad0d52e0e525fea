/** The cockpit (驾驶舱) and the statistical key indicators it shows first. */
import { defineModule } from '../../router/module';

const KEY_INDICATORS = [
  'GDP',
  'INCOME_PC',
  'INCOME_RURAL',
  'INCOME_RATIO',
  'POP_RESIDENT',
  'TEXTILE_TURNOVER',
  'INDUSTRIAL_OUTPUT',
  'FIXED_INVESTMENT',
];

export default defineModule({
  id: 'home',
  routes: [
    {
      path: '',
      name: 'home',
      component: () => import('./HomeView.vue'),
      meta: { permission: 'report:read', titleKey: 'menu.home', menu: { order: 10, icon: 'cockpit' } },
    },
  ],
  cards: [
    ...KEY_INDICATORS.map((indicator, i) => ({ id: indicator, indicator, order: 10 * (i + 1) })),
    // until an ecology module owns it
    { id: 'GOOD_AIR_RATIO', indicator: 'GOOD_AIR_RATIO', order: 100 },
  ],
});
