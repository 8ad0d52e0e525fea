import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { auth } from '../composables/useAuth';
import { httpHooks } from '../api/http';
import { decide, SECOND_FACTOR_PAGE } from './guard';
import { MODULES } from './modules';
import BasicLayout from '../layouts/BasicLayout.vue';

const moduleRoutes = MODULES.flatMap((m) => m.routes);

/** The shell's own pages (login, the layout, 403) around the pages of every module; bare pages sit beside the layout. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/login/LoginView.vue'),
    meta: { public: true, titleKey: 'login.title' },
  },
  {
    path: '/',
    component: BasicLayout,
    children: [
      ...moduleRoutes.filter((r) => !r.meta?.bare),
      {
        path: '403',
        name: 'forbidden',
        component: () => import('../views/error/ForbiddenView.vue'),
        meta: { titleKey: 'error.forbiddenTitle' },
      },
    ],
  },
  ...moduleRoutes.filter((r) => r.meta?.bare).map((r) => ({ ...r, path: `/${r.path}` }) as RouteRecordRaw),
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
httpHooks.secondFactorRequired = () => {
  if (auth.state.me) auth.state.me.mustEnrollSecondFactor = true;
  const current = router.currentRoute.value;
  if (current.path !== SECOND_FACTOR_PAGE) void router.push({ path: SECOND_FACTOR_PAGE, query: { redirect: current.fullPath } });
};
httpHooks.passwordChangeRequired = () => {
  if (auth.state.me) auth.state.me.mustChangePassword = true;
  const current = router.currentRoute.value;
  if (current.name !== 'password') void router.push({ path: '/password', query: { redirect: current.fullPath } });
};
