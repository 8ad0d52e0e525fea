/** The signed-in user's own account and password (in the user menu, not the side menu). */
import { defineModule } from '../../router/module';

export default defineModule({
  id: 'account',
  routes: [
    {
      path: 'password',
      name: 'password',
      component: () => import('./PasswordView.vue'),
      meta: { allowWhilePasswordChange: true, titleKey: 'password.title' },
    },
    {
      path: 'account/security',
      name: 'account-security',
      component: () => import('./SecondFactorView.vue'),
      meta: { allowWhileEnrolling: true, titleKey: 'totp.title' },
    },
    { path: 'account', name: 'account', component: () => import('./AccountView.vue'), meta: { titleKey: 'account.title' } },
  ],
});
