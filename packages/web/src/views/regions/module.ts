/** 区划边界与示意图: upload 镇街/村社 outlines or centroids, and arrange the schematic tile map of places without outlines. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'regions',
  routes: [
    {
      path: 'data/regions',
      name: 'region-maps',
      component: withElementExtras(() => import('./RegionMapsView.vue')),
      meta: { permission: 'region:write', titleKey: 'menu.regionMaps', menu: { order: 5, parent: '/data' } },
    },
  ],
});
