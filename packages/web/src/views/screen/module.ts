/** 大屏: the cockpit full screen for a wall display (dark, large type, auto-refresh). */
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'screen',
  routes: [
    {
      path: 'screen',
      name: 'screen',
      component: () => import('./ScreenView.vue'),
      meta: { permission: 'report:read', titleKey: 'menu.screen', bare: true, menu: { order: 11, icon: 'screen' } },
    },
  ],
});
