/** 15分钟公共服务圈 (the API and its URL keep the older name `access`). */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'circles',
  routes: [
    {
      path: 'access',
      name: 'access',
      component: withElementExtras(() => import('./CirclesView.vue')),
      meta: { permission: 'data:read', titleKey: 'menu.access', menu: { order: 40, icon: 'access' } },
    },
  ],
  cards: [{ id: 'SERVICE_CIRCLE_COVERAGE', indicator: 'SERVICE_CIRCLE_COVERAGE', order: 90 }],
});
