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
});
