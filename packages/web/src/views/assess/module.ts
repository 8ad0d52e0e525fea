/** 考核评价: schemes, runs, rankings and scorecards. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'assess',
  routes: [
    {
      path: 'assess',
      name: 'assess',
      component: withElementExtras(() => import('./AssessView.vue')),
      meta: { permission: 'assess:read', titleKey: 'menu.assess', menu: { order: 50, icon: 'assess' } },
    },
    {
      path: 'assess/schemes/:code',
      name: 'assess-scheme',
      component: withElementExtras(() => import('./SchemeEditView.vue')),
      meta: { permission: 'assess:read', titleKey: 'assess.editor' },
    },
    {
      path: 'assess/runs/:id',
      name: 'assess-run',
      component: withElementExtras(() => import('./RunView.vue')),
      meta: { permission: 'assess:read', titleKey: 'assess.ranking' },
    },
    {
      path: 'assess/runs/:id/units/:unit',
      name: 'assess-unit',
      component: withElementExtras(() => import('./UnitView.vue')),
      meta: { permission: 'assess:read', titleKey: 'assess.scorecard' },
    },
  ],
});
