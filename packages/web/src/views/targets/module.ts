/** 挂图作战: the targets wall (lights, expected vs actual, forecasts, drill to towns) and the 661 project board. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'targets',
  menuGroups: [{ path: '/targets', titleKey: 'menu.targets', icon: 'targets', order: 57 }],
  routes: [
    {
      path: 'targets',
      name: 'targets',
      component: withElementExtras(() => import('./TargetsView.vue')),
      meta: { permission: 'targets:read', titleKey: 'menu.targetsWall', menu: { order: 1, parent: '/targets' } },
    },
    {
      path: 'targets/milestones',
      name: 'targets-milestones',
      component: withElementExtras(() => import('./MilestonesView.vue')),
      meta: { permission: 'targets:read', titleKey: 'menu.targetsMilestones', menu: { order: 3, parent: '/targets' } },
    },
    {
      path: 'targets/projects',
      name: 'targets-projects',
      component: withElementExtras(() => import('./ProjectsView.vue')),
      meta: { permission: 'targets:read', titleKey: 'menu.targetsProjects', menu: { order: 2, parent: '/targets' } },
    },
  ],
  cards: [{ id: 'TG_ONTRACK_RATE', indicator: 'TG_ONTRACK_RATE', order: 95, permission: 'targets:read' }],
});
