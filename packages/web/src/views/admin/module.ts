/** Users, roles and departments. */
import { withElementExtras } from '../../plugins/element';
import { defineModule } from '../../router/module';

const meta = (titleKey: string, order: number) => ({ permission: 'user:manage', titleKey, menu: { order, parent: '/admin' } });

export default defineModule({
  id: 'admin',
  menuGroups: [{ path: '/admin', titleKey: 'menu.admin', icon: 'admin', order: 30 }],
  routes: [
    { path: 'admin/users', name: 'users', component: withElementExtras(() => import('./UsersView.vue')), meta: meta('menu.users', 1) },
    { path: 'admin/roles', name: 'roles', component: withElementExtras(() => import('./RolesView.vue')), meta: meta('menu.roles', 2) },
    {
      path: 'admin/departments',
      name: 'departments',
      component: withElementExtras(() => import('./DepartmentsView.vue')),
      meta: meta('menu.departments', 3),
    },
  ],
});
