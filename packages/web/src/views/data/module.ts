/** Observations: browse, trace and export them, import spreadsheets; the indicator catalogue (指标管理). */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'data',
  menuGroups: [{ path: '/data', titleKey: 'menu.data', icon: 'data', order: 20 }],
  routes: [
    { path: 'data', name: 'data', component: withElementExtras(() => import('./DataView.vue')), meta: { permission: 'data:read', titleKey: 'menu.dataBrowser', menu: { order: 1, parent: '/data' } } },
    { path: 'data/import', name: 'import', component: withElementExtras(() => import('./import/ImportView.vue')), meta: { permission: 'data:import', titleKey: 'menu.dataImport', menu: { order: 2, parent: '/data' } } },
    {
      path: 'data/indicators',
      name: 'indicators',
      component: withElementExtras(() => import('./indicators/CatalogueView.vue')),
      meta: { permission: 'indicator:read', titleKey: 'menu.dataIndicators', menu: { order: 4, parent: '/data' } },
    },
  ],
});
