/** The audit log and its hash-chain check. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'audit',
  routes: [
    {
      path: 'audit',
      name: 'audit',
      component: withElementExtras(() => import('./AuditView.vue')),
      meta: { permission: 'audit:read', titleKey: 'menu.audit', menu: { order: 60, icon: 'audit' } },
    },
  ],
});
