/** 生态 · air quality: the AQI calendar (HJ 633-2012), the year's statistics against last year, a station's day. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'ecology',
  routes: [
    {
      path: 'ecology',
      name: 'ecology',
      component: withElementExtras(() => import('./EcologyView.vue')),
      meta: { permission: 'ecology:read', titleKey: 'menu.ecology', menu: { order: 59, icon: 'ecology' } },
    },
  ],
});
