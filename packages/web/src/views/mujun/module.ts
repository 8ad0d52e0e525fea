/** 亩均效益评价: reconciliation before scoring, evaluation runs, classes by town, 调档 and the policy lists; the enterprise's own record, 公示 and appeals. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'mujun',
  routes: [
    {
      path: 'mujun',
      name: 'mujun',
      component: withElementExtras(() => import('./MujunView.vue')),
      meta: { permission: 'mujun:read', titleKey: 'menu.mujun', menu: { order: 55, icon: 'mujun' } },
    },
    {
      path: 'mujun/mine',
      name: 'mujun-mine',
      component: withElementExtras(() => import('./MujunMineView.vue')),
      meta: { permission: 'mujun:own', titleKey: 'menu.mujunMine', menu: { order: 56, icon: 'mujun' } },
    },
    {
      path: 'mujun/runs/:id',
      name: 'mujun-run',
      component: withElementExtras(() => import('./MujunRunView.vue')),
      meta: { permission: 'mujun:read', titleKey: 'mujun.title' },
    },
  ],
  // the district figures a final run writes (server/src/mujun/district.ts)
  cards: [
    { id: 'MJ_TAX_PER_MU_ABOVE', indicator: 'MJ_TAX_PER_MU_ABOVE', order: 92 },
    { id: 'MJ_SHARE_A', indicator: 'MJ_SHARE_A', order: 93 },
    { id: 'MJ_LAND_CD', indicator: 'MJ_LAND_CD', order: 94 },
  ],
});
