/** 数据采集 填报任务: tasks issued to towns, submission, review and the progress board. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'collect',
  routes: [
    {
      path: 'collect',
      name: 'collect',
      component: withElementExtras(() => import('./TasksView.vue')),
      meta: { permission: 'data:read', titleKey: 'menu.collect', menu: { order: 3, parent: '/data' } },
    },
    {
      path: 'collect/:id',
      name: 'collect-task',
      component: withElementExtras(() => import('./TaskView.vue')),
      meta: { permission: 'data:read', titleKey: 'collect.board' },
    },
  ],
});
