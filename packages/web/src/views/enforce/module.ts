/** 大综合一体化执法: the item catalogue, 双随机 draws with verification, repeated-inspection alerts. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'enforce',
  menuGroups: [{ path: '/enforce', titleKey: 'menu.enforce', icon: 'enforce', order: 59.5 }],
  routes: [
    {
      path: 'enforce',
      name: 'enforce',
      component: withElementExtras(() => import('./EnforceItemsView.vue')),
      meta: { permission: 'enforce:read', titleKey: 'menu.enforceItems', menu: { order: 1, parent: '/enforce' } },
    },
    {
      path: 'enforce/draws',
      name: 'enforce-draws',
      component: withElementExtras(() => import('./EnforceDrawsView.vue')),
      meta: { permission: 'enforce:read', titleKey: 'menu.enforceDraws', menu: { order: 2, parent: '/enforce' } },
    },
    {
      path: 'enforce/alerts',
      name: 'enforce-alerts',
      component: withElementExtras(() => import('./EnforceAlertsView.vue')),
      meta: { permission: 'enforce:read', titleKey: 'menu.enforceAlerts', menu: { order: 3, parent: '/enforce' } },
    },
  ],
});
