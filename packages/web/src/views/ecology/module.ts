/**
 * 生态: air quality (the AQI calendar by HJ 633-2012, the year's statistics, a station's day) and
 * 河长制 with water quality (rivers, reaches and chiefs, patrols, problems → cases, GB 3838 classes by month).
 */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'ecology',
  menuGroups: [{ path: '/ecology', titleKey: 'menu.ecologyGroup', icon: 'ecology', order: 59 }],
  routes: [
    {
      path: 'ecology',
      name: 'ecology',
      component: withElementExtras(() => import('./EcologyView.vue')),
      meta: { permission: 'ecology:read', titleKey: 'menu.ecology', menu: { order: 1, parent: '/ecology' } },
    },
    {
      path: 'ecology/rivers',
      name: 'ecology-rivers',
      component: withElementExtras(() => import('./RiversView.vue')),
      meta: { permission: 'ecology:read', titleKey: 'menu.rivers', menu: { order: 2, parent: '/ecology' } },
    },
    {
      path: 'ecology/rivers/:code',
      name: 'ecology-river',
      component: withElementExtras(() => import('./RiverView.vue')),
      meta: { permission: 'ecology:read', titleKey: 'menu.rivers' },
    },
  ],
  // after the statistical 空气质量优良率 (100), before the event loop (110)
  cards: [
    { id: 'ECO_GOOD_AIR_RATIO', indicator: 'ECO_GOOD_AIR_RATIO', order: 101, permission: 'ecology:read' },
    { id: 'ECO_WATER_ON_TARGET', indicator: 'ECO_WATER_ON_TARGET', order: 102, permission: 'ecology:read' },
  ],
});
