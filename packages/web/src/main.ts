import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { installElement } from './plugins/element';
import { router } from './router';

const app = createApp(App).use(i18n);
installElement(app);
app.use(router);
app.mount('#app');
