import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { auth } from '../composables/useAuth';
import { httpHooks } from '../api/http';
import { withElementExtras } from '../plugins/element';
import { decide, type RouteMetaLike } from './guard';
import BasicLayout from '../layouts/BasicLayout.vue';

declare module 'vue-router' {
  interface RouteMeta extends RouteMetaLike {
    titleKey?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/login/LoginView.vue'), meta: { public: true, titleKey: 'login.title' } },
  {
    path: '/',
    component: BasicLayout,
    children: [
      { path: '', name: 'home', component: () => import('../views/home/HomeView.vue'), meta: { permission: 'report:read', titleKey: 'menu.home' } },
      { path: 'password', name: 'password', component: () => import('../views/account/PasswordView.vue'), meta: { allowWhilePasswordChange: true, titleKey: 'password.title' } },
      { path: 'account', name: 'account', component: () => import('../views/account/AccountView.vue'), meta: { titleKey: 'account.title' } },
      { path: 'data', name: 'data', component: withElementExtras(() => import('../views/data/DataView.vue')), meta: { permission: 'data:read', titleKey: 'menu.dataBrowser' } },
      { path: 'data/import', name: 'import', component: withElementExtras(() => import('../views/data/import/ImportView.vue')), meta: { permission: 'data:import', titleKey: 'menu.dataImport' } },
      { path: 'admin/users', name: 'users', component: withElementExtras(() => import('../views/admin/UsersView.vue')), meta: { permission: 'user:manage', titleKey: 'menu.users' } },
      { path: 'admin/roles', name: 'roles', component: withElementExtras(() => import('../views/admin/RolesView.vue')), meta: { permission: 'user:manage', titleKey: 'menu.roles' } },
      { path: 'admin/departments', name: 'departments', component: withElementExtras(() => import('../views/admin/DepartmentsView.vue')), meta: { permission: 'user:manage', titleKey: 'menu.departments' } },
      { path: 'access', name: 'access', component: withElementExtras(() => import('../views/circles/CirclesView.vue')), meta: { permission: 'data:read', titleKey: 'menu.access' } },
      { path: 'audit', name: 'audit', component: withElementExtras(() => import('../views/audit/AuditView.vue')), meta: { permission: 'audit:read', titleKey: 'menu.audit' } },
      { path: 'assess', name: 'assess', component: withElementExtras(() => import('../views/assess/AssessView.vue')), meta: { permission: 'assess:read', titleKey: 'menu.assess' } },
      { path: 'assess/schemes/:code', name: 'assess-scheme', component: withElementExtras(() => import('../views/assess/SchemeEditView.vue')), meta: { permission: 'assess:read', titleKey: 'assess.editor' } },
      { path: 'assess/runs/:id', name: 'assess-run', component: withElementExtras(() => import('../views/assess/RunView.vue')), meta: { permission: 'assess:read', titleKey: 'assess.ranking' } },
      { path: 'assess/runs/:id/units/:unit', name: 'assess-unit', component: withElementExtras(() => import('../views/assess/UnitView.vue')), meta: { permission: 'assess:read', titleKey: 'assess.scorecard' } },
      { path: '403', name: 'forbidden', component: () => import('../views/error/ForbiddenView.vue'), meta: { titleKey: 'error.forbiddenTitle' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  const me = await auth.load();
  return decide(to, me);
});

// The session ended or was never there: back to login, then to where the user was going.
httpHooks.unauthorized = () => {
  auth.forget();
  const current = router.currentRoute.value;
  if (current.name !== 'login') void router.push({ path: '/login', query: current.fullPath === '/' ? {} : { redirect: current.fullPath } });
};
httpHooks.passwordChangeRequired = () => {
  if (auth.state.me) auth.state.me.mustChangePassword = true;
  const current = router.currentRoute.value;
  if (current.name !== 'password') void router.push({ path: '/password', query: { redirect: current.fullPath } });
};
