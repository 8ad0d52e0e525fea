/** 大综合一体化执法: the item catalogue and scenarios, 双随机 draws, repeated-inspection alerts and burden, 综合查一次 plans and visits, enforcement cases. */
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
    {
      path: 'enforce/plans',
      name: 'enforce-plans',
      component: withElementExtras(() => import('./EnforcePlansView.vue')),
      meta: { permission: 'enforce:read', titleKey: 'menu.enforcePlans', menu: { order: 4, parent: '/enforce' } },
    },
    {
      path: 'enforce/plans/:id',
      name: 'enforce-visit',
      component: withElementExtras(() => import('./EnforceVisitView.vue')),
      meta: { permission: 'enforce:read', titleKey: 'enforce.visit.title' },
    },
    {
      path: 'enforce/cases',
      name: 'enforce-cases',
      component: withElementExtras(() => import('./EnforceCasesView.vue')),
      meta: { permission: 'enforce:read', titleKey: 'menu.enforceCases', menu: { order: 5, parent: '/enforce' } },
    },
    {
      path: 'enforce/cases/:id',
      name: 'enforce-case',
      component: withElementExtras(() => import('./EnforceCaseView.vue')),
      meta: { permission: 'enforce:read', titleKey: 'enforce.case.page' },
    },
  ],
});
